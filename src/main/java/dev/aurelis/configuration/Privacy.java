package dev.aurelis.configuration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.List;
import java.util.Map;

/**
 * {@code privacy:} where prompts may be processed and what happens to secrets, personal data and excluded content
 * in them (docs/privacy.md). Detection itself is switched on by {@code security.pii_detection}, classification by
 * {@code security.data_classification}.
 *
 * @param localProcessing what is found is kept on premise, served by the first of its models
 * @param phoneRegions    regions whose national phone numbers count as personal data (default US)
 * @param detectors       the organisation's own patterns and dictionaries
 * @param policies        per organisation, department, team or project: detector, category or data class to action
 * @param exclusions      repositories and paths whose content never reaches a provider
 * @param classification  repositories and paths and the data class they give an exchange
 * @param contentLogging  prompts and answers kept, sealed, for people who consented (docs/privacy.md)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Privacy(@Valid LocalProcessing localProcessing,
        List<@NotBlank(message = "must name a region such as US or DE") String> phoneRegions,
        List<@NotNull(message = "must not be empty") @Valid Detector> detectors,
        List<@NotNull(message = "must not be empty") @Valid Policy> policies,
        List<@NotNull(message = "must not be empty") @Valid PathRule> exclusions,
        List<@NotNull(message = "must not be empty") @Valid PathRule> classification,
        @Valid ContentLogging contentLogging) {

    public Privacy {
        phoneRegions = Defaults.list(phoneRegions);
        detectors = Defaults.list(detectors);
        policies = Defaults.list(policies);
        exclusions = Defaults.list(exclusions);
        classification = Defaults.list(classification);
        contentLogging = contentLogging == null ? new ContentLogging(false) : contentLogging;
    }

    public static Privacy defaults() {
        return new Privacy(null, null, null, null, null, null, null);
    }

    /**
     * Keep prompts on the organisation's own models.
     *
     * @param models        the models that process locally; the first serves exchanges kept on premise
     * @param dataResidency {@code on_premise} (the only residency local processing has)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LocalProcessing(boolean enabled, List<@NotBlank(message = "must name a model") String> models,
            String dataResidency) {

        public LocalProcessing {
            models = Defaults.list(models);
        }
    }

    /**
     * @param name     how policies, placeholders and the ledger name it (lower case, digits, _)
     * @param category secret, personal_data or custom (default)
     * @param pattern  a regular expression; or {@code words} for a dictionary
     * @param keywords literal prefixes of the pattern's matches (it is then tried only where one occurs)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Detector(@NotBlank(message = "must name the detector") String name, String category, String pattern,
            List<String> keywords, List<String> words) {
    }

    /**
     * @param scope   organization, department, team or project
     * @param name    the department, team or project; none for the organization
     * @param actions detector name, category (secret, personal_data, custom) or data class (public, internal,
     *                confidential, restricted) to allow, alert, redact, block or route_on_premise
     * @param reversible personal-data placeholders in answers are given back to the caller
     * @param responses  answers are screened for secrets too, streams included
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Policy(@NotBlank(message = "must be organization, department, team or project") String scope,
            String name, Map<String, String> actions, Boolean reversible, Boolean responses) {
    }

    /**
     * One exclusion or classification rule: a repository (glob, matched against {@code x-aurelis-repository}) or a
     * path (glob, matched against file paths in the request).
     *
     * @param action for exclusions: block (default) or redact
     * @param dataClass for classification: public, internal, confidential or restricted
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PathRule(String repository, String path, String action,
            @com.fasterxml.jackson.annotation.JsonProperty("class") String dataClass) {
    }

    /**
     * Keeping prompts and answers. Off unless enabled; with {@code compliance.consent_management} only for people who
     * consented to {@code content_logging}; kept for {@code analytics.raw_data_retention_days} (90 when not set).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ContentLogging(boolean enabled) {
    }
}
