package dev.aurelis.identity;

/** The outcome of presenting an API key: the caller, or why the key was refused (safe to show the client). */
public record KeyCheck(Caller caller, String refusal) {

    static KeyCheck accepted(Caller caller) {
        return new KeyCheck(caller, null);
    }

    static KeyCheck refused(String reason) {
        return new KeyCheck(null, reason);
    }

    public boolean accepted() {
        return caller != null;
    }
}
