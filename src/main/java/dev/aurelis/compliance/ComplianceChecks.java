package dev.aurelis.compliance;

import dev.aurelis.audit.AuditDraft;
import dev.aurelis.audit.AuditTrail;
import dev.aurelis.storage.BackgroundWork;
import dev.aurelis.storage.DurableEvents;
import dev.aurelis.storage.SingletonWork;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Automated compliance checks ({@code compliance.automated_compliance_checks}): on a schedule, on one replica, every
 * control of every framework the configuration names is evaluated; a control that fails and did not fail at the
 * previous check is recorded in the audit trail and published as a {@link ComplianceViolation}, and one that passes
 * again is recorded as resolved. Each control's last status is kept, so a lasting failure is reported once.
 */
@Component
public class ComplianceChecks {

    private static final Logger log = LoggerFactory.getLogger(ComplianceChecks.class);

    private final ComplianceSettings settings;
    private final ComplianceReports reports;
    private final Organizations organizations;
    private final SingletonWork singleton;
    private final AuditTrail trail;
    private final DurableEvents events;
    private final JdbcClient jdbc;

    ComplianceChecks(ComplianceSettings settings, ComplianceReports reports, Organizations organizations,
            SingletonWork singleton, AuditTrail trail, DurableEvents events, JdbcClient jdbc) {
        this.settings = settings;
        this.reports = reports;
        this.organizations = organizations;
        this.singleton = singleton;
        this.trail = trail;
        this.events = events;
        this.jdbc = jdbc;
    }

    @Scheduled(scheduler = BackgroundWork.SCHEDULER,
            initialDelayString = "${aurelis.compliance.first-check-delay-ms:60000}",
            fixedDelayString = "${aurelis.compliance.check-interval-ms:3600000}")
    void run() {
        if (!settings.automatedChecks()) {
            return;
        }
        try {
            singleton.runIfFree("compliance-checks", () -> organizations.tenants().forEach(this::check));
        } catch (RuntimeException e) {
            log.error("The automated compliance checks failed; they run again at the next interval", e);
        }
    }

    /** Checks the tenant against every configured framework; returns the violations newly found. */
    public List<ComplianceViolation> check(TenantId tenant) {
        List<ComplianceViolation> found = new java.util.ArrayList<>();
        for (Framework framework : settings.frameworks()) {
            ComplianceReport report = reports.report(tenant, framework.name(), null);
            for (ControlResult control : report.controls()) {
                String previous = swapStatus(tenant, framework, control);
                boolean failing = control.status() == ControlStatus.FAIL;
                if (failing && !"fail".equals(previous)) {
                    ComplianceViolation violation = new ComplianceViolation(tenant.value(), framework.name(),
                            control.id(), control.title(), control.reason(), report.generatedAt());
                    record(tenant, "compliance.violation", AuditDraft.FAILURE, framework, control);
                    events.publish(violation);
                    found.add(violation);
                } else if (!failing && "fail".equals(previous)) {
                    record(tenant, "compliance.resolved", AuditDraft.SUCCESS, framework, control);
                }
            }
        }
        return found;
    }

    private void record(TenantId tenant, String action, String outcome, Framework framework, ControlResult control) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("framework", framework.name());
        details.put("control", control.id());
        details.put("title", control.title());
        details.put("status", control.status().wire());
        details.put("reason", control.reason());
        trail.record(tenant, List.of(AuditDraft.of(tenant.value(), "compliance", action, "aurelis",
                "control:" + control.id(), outcome, details)));
    }

    /** Stores the control's status and returns the one it replaces (null at the first check). */
    private String swapStatus(TenantId tenant, Framework framework, ControlResult control) {
        return TenantContext.call(tenant, () -> {
            String previous = jdbc.sql("select status from compliance_check_state where tenant_id = ? and framework = ? "
                    + "and control = ?").params(tenant.value(), framework.name(), control.id()).query(String.class)
                    .optional().orElse(null);
            jdbc.sql("""
                    insert into compliance_check_state (tenant_id, framework, control, status, reason, checked_at)
                    values (?, ?, ?, ?, ?, now())
                    on conflict (tenant_id, framework, control) do update set status = excluded.status,
                        reason = excluded.reason, checked_at = excluded.checked_at""")
                    .params(tenant.value(), framework.name(), control.id(), control.status().wire(), control.reason())
                    .update();
            return previous;
        });
    }
}
