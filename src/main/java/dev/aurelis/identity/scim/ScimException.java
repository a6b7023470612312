package dev.aurelis.identity.scim;

/**
 * A SCIM error (RFC 7644 §3.12): the HTTP status, the {@code scimType} for 400 and 409 errors, and a detail
 * that is safe to show the identity provider's administrator.
 */
class ScimException extends RuntimeException {

    private final int status;
    private final String scimType;

    ScimException(int status, String scimType, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.scimType = scimType;
    }

    static ScimException invalidFilter(String detail) {
        return new ScimException(400, "invalidFilter", detail);
    }

    static ScimException invalidValue(String detail) {
        return new ScimException(400, "invalidValue", detail);
    }

    static ScimException invalidSyntax(String detail) {
        return new ScimException(400, "invalidSyntax", detail);
    }

    static ScimException invalidPath(String detail) {
        return new ScimException(400, "invalidPath", detail);
    }

    static ScimException noTarget(String detail) {
        return new ScimException(400, "noTarget", detail);
    }

    static ScimException mutability(String detail) {
        return new ScimException(400, "mutability", detail);
    }

    static ScimException uniqueness(String detail) {
        return new ScimException(409, "uniqueness", detail);
    }

    /** RFC 7644 §3.12: the operation is not permitted for this client (no scimType). */
    static ScimException forbidden(String detail) {
        return new ScimException(403, null, detail);
    }

    static ScimException notFound(String detail) {
        return new ScimException(404, null, detail);
    }

    int status() {
        return status;
    }

    String scimType() {
        return scimType;
    }
}
