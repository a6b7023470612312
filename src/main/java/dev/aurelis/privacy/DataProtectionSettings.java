package dev.aurelis.privacy;

import org.springframework.stereotype.Component;

/**
 * The privacy settings as the configuration module hands them over on every apply (privacy does not read the
 * configuration itself: the configuration module depends on the modules it configures).
 */
@Component
public class DataProtectionSettings {

    /** Days between rotations of the keys that seal data at rest when {@code security.key_rotation_days} is not set. */
    public static final int DEFAULT_KEY_ROTATION_DAYS = 90;

    /**
     * @param rightToBeForgotten {@code compliance.right_to_be_forgotten}: erasure requests are carried out
     * @param keyRotationDays    {@code security.key_rotation_days}; null for the default
     * @param retentionPolicies  {@code security.retention_policies} or {@code compliance.retention_policies}: the
     *                           retention job drops data past its policy
     * @param keyManagement      {@code security.encryption.at_rest.key_management}: local (null), vault or aws_kms
     * @param algorithm          {@code security.encryption.at_rest.algorithm}, AES-256-GCM when set (the loader
     *                           refuses any other); reported by the key status
     */
    public record Policy(boolean rightToBeForgotten, Integer keyRotationDays, boolean retentionPolicies,
            String keyManagement, String algorithm) {
        public static final Policy OFF = new Policy(false, null, false, null, null);

        public int rotationDays() {
            return keyRotationDays == null ? DEFAULT_KEY_ROTATION_DAYS : keyRotationDays;
        }
    }

    private volatile Policy policy = Policy.OFF;

    public void configure(Policy policy) {
        this.policy = policy;
    }

    public Policy policy() {
        return policy;
    }
}
