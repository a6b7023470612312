package dev.aurelis.configuration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * {@code compliance.privacy_by_design}: the protective defaults become binding. With it on, whatever the file says
 * elsewhere: secrets and personal data are scanned for and redacted from what goes to providers not on premise (as
 * {@code security.pii_detection: true}); the audit trail keeps no IP address or user agent (as
 * {@code compliance.data_minimization: true}); data past its retention is dropped (as {@code retention_policies:
 * true}); and content is logged only for people who consented. A file that contradicts it (content logging without
 * consent management; a policy that lets a whole category of secrets or personal data pass or merely be reported)
 * is refused with the place in the file.
 */
final class PrivacyByDesign {

    /** Categories whose findings privacy by design never lets pass unredacted by a blanket rule. */
    private static final Set<String> PROTECTED_CATEGORIES = Set.of("secret", "personal_data");
    private static final Set<String> PERMISSIVE = Set.of("allow", "alert");

    private PrivacyByDesign() {
    }

    static boolean on(AurelisConfig config) {
        return config.compliance().privacyByDesign();
    }

    static boolean detection(AurelisConfig config) {
        return config.security().piiDetection() || on(config);
    }

    static boolean retentionPolicies(AurelisConfig config) {
        return config.security().retentionPolicies() || config.compliance().retentionPolicies() || on(config);
    }

    /** What privacy by design enforces in this configuration, each saying whether it changed the file's value. */
    static List<String> enforced(AurelisConfig config) {
        List<String> lines = new ArrayList<>();
        lines.add("secrets and personal data are redacted from requests to providers not on premise"
                + (config.security().piiDetection() ? "" : " (security.pii_detection turned on)"));
        lines.add("the audit trail keeps no IP address or user agent"
                + (config.compliance().dataMinimization() ? "" : " (compliance.data_minimization turned on)"));
        lines.add("data past its retention is dropped hourly"
                + (config.security().retentionPolicies() || config.compliance().retentionPolicies() ? ""
                        : " (retention policies turned on)"));
        lines.add(config.privacy().contentLogging().enabled()
                ? "prompts and answers are logged only for people who consented to content_logging"
                : "no prompt or answer is logged (privacy.content_logging is off)");
        return lines;
    }

    /** Reports what contradicts privacy by design, when it is on. */
    static void check(AurelisConfig config, BiConsumer<YamlPath, String> report) {
        if (!on(config)) {
            return;
        }
        if (config.privacy().contentLogging().enabled() && !config.compliance().consentManagement()) {
            report.accept(YamlPath.of("privacy", "content_logging", "enabled"), "compliance.privacy_by_design logs "
                    + "content only for people who consented: set compliance.consent_management: true, or turn "
                    + "content logging off");
        }
        List<Privacy.Policy> policies = config.privacy().policies();
        for (int i = 0; i < policies.size(); i++) {
            Privacy.Policy policy = policies.get(i);
            if (policy == null || policy.actions() == null) {
                continue;
            }
            for (var entry : policy.actions().entrySet()) {
                String key = entry.getKey() == null ? "" : entry.getKey().strip().toLowerCase(Locale.ROOT);
                String action = entry.getValue() == null ? "" : entry.getValue().strip().toLowerCase(Locale.ROOT);
                if (PROTECTED_CATEGORIES.contains(key) && PERMISSIVE.contains(action)) {
                    report.accept(YamlPath.of("privacy", "policies", i, "actions", entry.getKey()),
                            "compliance.privacy_by_design redacts " + key + " findings by default: '" + action
                                    + "' for the whole category contradicts it (name single detectors instead, or "
                                    + "use redact, block or route_on_premise)");
                }
            }
        }
    }
}
