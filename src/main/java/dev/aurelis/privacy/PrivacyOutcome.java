package dev.aurelis.privacy;

/** What the privacy step did with an exchange, from the mildest to the strictest. */
public enum PrivacyOutcome {
    /** Nothing found, or everything found is allowed. */
    PASSED,
    /** Findings reported, nothing changed. */
    ALERTED,
    /** Some text was replaced by placeholders (for every provider, or only for those not on premise). */
    REDACTED,
    /** Kept on premise. */
    ROUTED_ON_PREMISE,
    /** Refused. */
    BLOCKED;

    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
