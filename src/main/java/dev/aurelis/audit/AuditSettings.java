package dev.aurelis.audit;

import dev.aurelis.configuration.ActiveConfiguration;
import dev.aurelis.configuration.Audit;
import dev.aurelis.configuration.Compliance;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The {@code audit:} settings as the trail applies them (docs/audit.md): whether anything is recorded
 * ({@code audit.enabled}, also spelt {@code security.audit_logging} and {@code compliance.audit_trail}; on unless set
 * to false), whether every gateway exchange is recorded ({@code log_level: detailed}, the default) or only changes,
 * sign-ins and refusals ({@code standard}), how long entries are kept, which export formats are offered and where
 * entries are streamed as they are recorded.
 */
@Component
public class AuditSettings {

    /** Days kept when {@code audit.retention_days} is not set. */
    public static final int DEFAULT_RETENTION_DAYS = 365;
    /** Every export format the trail can write. */
    public static final List<String> FORMATS = List.of("json", "jsonl", "csv", "splunk");

    private final Supplier<Audit> audit;
    private final BooleanSupplier minimised;

    @Autowired
    AuditSettings(ActiveConfiguration configuration) {
        this(() -> configuration.config().audit(), () -> omitsSources(configuration.config().compliance()));
    }

    private AuditSettings(Supplier<Audit> audit, BooleanSupplier minimised) {
        this.audit = audit;
        this.minimised = minimised;
    }

    /** Minimisation, or privacy by design which makes it binding: the trail keeps no source address. */
    public static boolean omitsSources(Compliance compliance) {
        return compliance.dataMinimization() || compliance.privacyByDesign();
    }

    /** Settings fixed to {@code audit}, for components built by hand. */
    public static AuditSettings of(Audit audit) {
        return new AuditSettings(() -> audit, () -> false);
    }

    /** Settings fixed to {@code audit} and {@code compliance.data_minimization}, for components built by hand. */
    public static AuditSettings of(Audit audit, boolean dataMinimization) {
        return new AuditSettings(() -> audit, () -> dataMinimization);
    }

    /**
     * {@code compliance.data_minimization} (or {@code privacy_by_design}): entries keep who did what, never the caller's IP address or user agent
     * (both are personal data the trail's purpose does not need).
     */
    public boolean omitsSources() {
        return minimised.getAsBoolean();
    }

    private Audit audit() {
        return audit.get();
    }

    public boolean enabled() {
        return !Boolean.FALSE.equals(audit().enabled());
    }

    /** Whether every gateway exchange's metadata is recorded, not only changes, sign-ins and refusals. */
    public boolean recordsExchanges() {
        String level = audit().logLevel();
        return enabled() && (level == null || level.strip().toLowerCase(Locale.ROOT).equals("detailed"));
    }

    /**
     * {@code audit.comprehensive_logging}: every call of the admin and SCIM APIs is recorded, reads included (who
     * looked at usage, people, the trail itself), not only the calls that change something.
     */
    public boolean recordsReads() {
        return enabled() && audit().comprehensiveLogging();
    }

    /**
     * {@code audit.access_control_audit}: once a day the trail records who holds which role, over what scope and
     * since when (an access review's evidence), besides every grant, revocation and refusal it always records.
     */
    public boolean reviewsAccess() {
        return enabled() && audit().accessControlAudit();
    }

    public Duration retention() {
        Integer days = audit().retentionDays();
        return Duration.ofDays(days == null ? DEFAULT_RETENTION_DAYS : days);
    }

    /**
     * Whether exports in {@code format} are offered: every format when {@code audit.export_formats} is empty, else
     * those listed ({@code json} covers JSON lines).
     */
    public boolean exports(String format) {
        List<String> listed = audit().exportFormats().stream().map(f -> f.strip().toLowerCase(Locale.ROOT)).toList();
        String f = format.toLowerCase(Locale.ROOT);
        return listed.isEmpty() || listed.contains(f) || (f.equals("jsonl") && listed.contains("json"));
    }

    public List<String> exportFormats() {
        return audit().exportFormats();
    }

    /** The real-time destination when streaming is on, e.g. {@code splunk_hec://splunk.example.com:8088}. */
    public Optional<String> realTimeDestination() {
        Audit.RealTimeExport export = audit().realTimeExport();
        if (!enabled() || export == null || !export.enabled() || export.destination() == null
                || export.destination().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(export.destination().strip());
    }
}
