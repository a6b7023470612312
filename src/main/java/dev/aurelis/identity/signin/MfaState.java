package dev.aurelis.identity.signin;

/** Where a session stands with its second factor. */
public enum MfaState {
    /** Signed in through a provider that is responsible for its own MFA. */
    NOT_NEEDED("not_needed"),
    /** Password accepted; a second factor must be presented. */
    PENDING("pending"),
    /** Password accepted; MFA is required and the account has no factor yet, so it must enrol one. */
    ENROLMENT_REQUIRED("enrolment_required"),
    PASSED("passed");

    private final String column;

    MfaState(String column) {
        this.column = column;
    }

    public String column() {
        return column;
    }

    public boolean complete() {
        return this == NOT_NEEDED || this == PASSED;
    }

    static MfaState of(String column) {
        for (MfaState state : values()) {
            if (state.column.equals(column)) {
                return state;
            }
        }
        throw new IllegalArgumentException(column);
    }
}
