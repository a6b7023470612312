package dev.aurelis.privacy;

import org.springframework.stereotype.Component;

/**
 * The privacy settings as the configuration module hands them over on every apply (privacy does not read the
 * configuration itself: the configuration module depends on the modules it configures).
 */
@Component
public class PrivacySettings {

    /** @param rightToBeForgotten {@code compliance.right_to_be_forgotten}: erasure requests are carried out */
    public record Policy(boolean rightToBeForgotten) {
        public static final Policy OFF = new Policy(false);
    }

    private volatile Policy policy = Policy.OFF;

    public void configure(Policy policy) {
        this.policy = policy;
    }

    public Policy policy() {
        return policy;
    }
}
