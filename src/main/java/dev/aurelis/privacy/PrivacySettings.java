package dev.aurelis.privacy;

import java.util.List;
import java.util.Map;

/**
 * What the configuration asks of the privacy step. Scanning runs when {@code detection} is on or any policy,
 * exclusion or classification rule is declared.
 *
 * @param detection        {@code security.pii_detection}: scan, and redact secrets and personal data from whatever
 *                         goes to a provider not marked {@code on_premise} unless a policy says otherwise
 * @param classification   {@code security.data_classification} (or {@code compliance.data_classification}): give
 *                         every exchange a data class and let policies act on it
 * @param phoneRegions     regions whose national phone numbers count (international ones always do)
 * @param detectors        the organisation's own patterns and dictionaries
 * @param policies         per scope, what happens to what is found
 * @param exclusions       repositories and paths whose content must not reach a provider
 * @param classRules       repositories and paths and the class they give an exchange
 * @param localProcessing  {@code privacy.local_processing.enabled}: what is found is kept on premise (instead of
 *                         redacted) unless a policy says otherwise
 * @param localModels      {@code privacy.local_processing.models}: an exchange kept on premise (by local processing
 *                         or a {@code route_on_premise} policy) is served by the first of them unless it asked for
 *                         one of them; empty keeps the model asked for
 */
public record PrivacySettings(boolean detection, boolean classification, List<String> phoneRegions,
        List<CustomDetector> detectors, List<Policy> policies, List<Exclusion> exclusions, List<ClassRule> classRules,
        boolean localProcessing, List<String> localModels) {

    public PrivacySettings {
        phoneRegions = phoneRegions == null ? List.of() : List.copyOf(phoneRegions);
        detectors = detectors == null ? List.of() : List.copyOf(detectors);
        policies = policies == null ? List.of() : List.copyOf(policies);
        exclusions = exclusions == null ? List.of() : List.copyOf(exclusions);
        classRules = classRules == null ? List.of() : List.copyOf(classRules);
        localModels = localModels == null ? List.of() : List.copyOf(localModels);
    }

    public static PrivacySettings off() {
        return new PrivacySettings(false, false, null, null, null, null, null, false, null);
    }

    /** Where a policy applies: the organisation, or one department, team or project of it. */
    public enum ScopeKind {
        ORGANIZATION, DEPARTMENT, TEAM, PROJECT
    }

    /**
     * @param scopeName null for the organisation
     * @param actions   detector name, category ({@code secret}, {@code personal_data}, {@code custom}) or data class
     *                  ({@code restricted} ...) to the action
     * @param reversible personal-data placeholders in the answer are put back for the caller
     * @param responses answers are scanned too (secrets the model repeats or invents are redacted, streams included)
     */
    public record Policy(ScopeKind scope, String scopeName, Map<String, PrivacyAction> actions, Boolean reversible,
            Boolean responses) {

        public Policy {
            actions = actions == null ? Map.of() : Map.copyOf(actions);
        }
    }

    /**
     * @param category {@code secret}, {@code personal_data} or {@code custom} (the default)
     * @param pattern  a regular expression; or null when {@code words} is the dictionary
     * @param keywords literal prefixes of the pattern's matches, so it is tried only where one occurs
     */
    public record CustomDetector(String name, String category, String pattern, List<String> keywords, List<String> words) {

        public CustomDetector {
            keywords = keywords == null ? List.of() : List.copyOf(keywords);
            words = words == null ? List.of() : List.copyOf(words);
        }
    }

    /**
     * Content that must not reach a provider: {@code repository} matched against the {@code x-aurelis-repository}
     * header, {@code path} (a glob: {@code secrets/**}, {@code **}{@code /*.pem}) against file paths in the request.
     *
     * @param action {@link PrivacyAction#BLOCK} (refuse the exchange) or {@link PrivacyAction#REDACT} (replace the
     *               text parts that carry the content)
     */
    public record Exclusion(String repository, String path, PrivacyAction action) {
    }

    /** Gives an exchange at least {@code dataClass} when it concerns the repository or a path matching the glob. */
    public record ClassRule(String repository, String path, DataClass dataClass) {
    }
}
