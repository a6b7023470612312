package dev.aurelis.configuration;

import dev.aurelis.privacy.DataClass;
import dev.aurelis.privacy.PrivacyAction;
import dev.aurelis.privacy.PrivacySettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code security.pii_detection}, {@code security.data_classification} / {@code compliance.data_classification} and
 * the {@code privacy:} section as the privacy module takes them.
 */
final class PrivacyPolicies {

    private PrivacyPolicies() {
    }

    /** @throws IllegalArgumentException naming a value that is not an action, class or scope */
    static PrivacySettings of(AurelisConfig config) {
        Privacy privacy = config.privacy();
        Privacy.LocalProcessing local = privacy.localProcessing();
        // local processing has one residency, on premise (the check refuses any other): it is what enabling it does
        boolean localProcessing = local != null && local.enabled()
                && (local.dataResidency() == null || local.dataResidency().strip().equalsIgnoreCase("on_premise"));
        return new PrivacySettings(PrivacyByDesign.detection(config),
                config.security().dataClassification() || config.compliance().dataClassification(),
                privacy.phoneRegions(),
                privacy.detectors().stream().map(d -> new PrivacySettings.CustomDetector(d.name(), d.category(),
                        d.pattern(), d.keywords(), d.words())).toList(),
                privacy.policies().stream().map(PrivacyPolicies::policy).toList(),
                privacy.exclusions().stream().map(e -> new PrivacySettings.Exclusion(e.repository(), e.path(),
                        e.action() == null ? null : PrivacyAction.of(e.action()))).toList(),
                privacy.classification().stream().map(c -> new PrivacySettings.ClassRule(c.repository(), c.path(),
                        c.dataClass() == null ? null : DataClass.of(c.dataClass()))).toList(),
                localProcessing, local == null ? List.of() : local.models());
    }

    private static PrivacySettings.Policy policy(Privacy.Policy policy) {
        PrivacySettings.ScopeKind scope;
        try {
            scope = PrivacySettings.ScopeKind.valueOf(policy.scope().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + policy.scope() + "' is not a scope; use organization, department, "
                    + "team or project");
        }
        boolean named = policy.name() != null && !policy.name().isBlank();
        if ((scope == PrivacySettings.ScopeKind.ORGANIZATION) == named) {
            throw new IllegalArgumentException(scope == PrivacySettings.ScopeKind.ORGANIZATION
                    ? "a policy for the organization names no department, team or project"
                    : "a " + policy.scope() + " policy must name its " + policy.scope());
        }
        Map<String, PrivacyAction> actions = new LinkedHashMap<>();
        if (policy.actions() != null) {
            policy.actions().forEach((key, action) -> actions.put(key, PrivacyAction.of(action)));
        }
        return new PrivacySettings.Policy(scope, named ? policy.name().strip() : null, actions, policy.reversible(),
                policy.responses());
    }
}
