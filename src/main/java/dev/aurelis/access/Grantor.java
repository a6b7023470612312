package dev.aurelis.access;

/**
 * Who grants a role or issues a key. A person grants only permissions they hold themselves; the system
 * (configuration, bootstrap, provisioning rules) is trusted.
 */
public record Grantor(String actor, Grants grants) {

    public static Grantor system(String actor) {
        return new Grantor(actor, null);
    }

    public static Grantor person(String actor, Grants grants) {
        return new Grantor(actor, java.util.Objects.requireNonNull(grants, "grants"));
    }

    public boolean trusted() {
        return grants == null;
    }
}
