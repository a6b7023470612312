package dev.aurelis.identity.signin;

/** A sign-in that cannot complete; the message is safe to show the person signing in. */
public class SignInRefused extends RuntimeException {

    private final String principal;

    public SignInRefused(String message, String principal) {
        super(message);
        this.principal = principal;
    }

    public String principal() {
        return principal;
    }
}
