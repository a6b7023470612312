package dev.aurelis.privacy;

import java.time.Instant;

/**
 * A person's consent to one purpose as it stands: given or not (never asked counts as not given), the version of the
 * privacy notice it was given under, and when it was last given and withdrawn.
 */
public record Consent(String purpose, String description, boolean given, String policyVersion, Instant givenAt,
        Instant withdrawnAt, boolean erasesOnWithdrawal) {

    static Consent neverAsked(ConsentPurpose purpose) {
        return new Consent(purpose.configName(), purpose.description(), false, null, null, null,
                purpose.erasesOnWithdrawal());
    }
}
