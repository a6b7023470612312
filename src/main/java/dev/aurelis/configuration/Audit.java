package dev.aurelis.configuration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * {@code audit:} the trail of who did what. The template's {@code security.audit_logging} and
 * {@code compliance.audit_trail} are {@code audit.enabled}; the feature guide's {@code audit.compliance_reporting} and
 * {@code audit.data_lineage_tracking} are {@code compliance.compliance_reporting} and {@code compliance.data_lineage}.
 *
 * @param comprehensiveLogging every admin API call is recorded, reads included
 * @param accessControlAudit   a daily access review entry: who holds which role, over what scope, since when
 * @param logLevel       how much each event records, e.g. {@code detailed}
 * @param exportFormats  e.g. json, csv, splunk
 * @param realTimeExport streaming of events to a SIEM as they happen
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Audit(
        Boolean enabled,
        boolean comprehensiveLogging,
        boolean accessControlAudit,
        @Pattern(regexp = "(?i)detailed|standard|basic|minimal",
                message = "must be detailed (every exchange too) or standard, basic or minimal (changes, sign-ins and refusals)")
        String logLevel,
        @Positive(message = "must be at least 1 day") Integer retentionDays,
        List<@NotBlank(message = "must name a format") String> exportFormats,
        RealTimeExport realTimeExport) {

    public Audit {
        exportFormats = Defaults.list(exportFormats);
    }

    public static Audit defaults() {
        return new Audit(null, false, false, null, null, null, null);
    }

    /** @param destination where events go, e.g. {@code splunk_hec://splunk.example.com} */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RealTimeExport(boolean enabled, String destination) {
    }
}
