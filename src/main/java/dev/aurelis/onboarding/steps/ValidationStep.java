package dev.aurelis.onboarding.steps;

import dev.aurelis.audit.AuditTrail;
import dev.aurelis.audit.Verification;
import dev.aurelis.compliance.ComplianceReport;
import dev.aurelis.compliance.ComplianceReports;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code validate_deployment}: the tenant's audit trail recomputes and its signed checkpoints verify, and the
 * compliance report for the first declared framework is produced; its failing controls are reported for follow-up.
 */
@Component
class ValidationStep implements OnboardingStep {

    private final AuditTrail audit;
    private final ComplianceReports reports;

    ValidationStep(AuditTrail audit, ComplianceReports reports) {
        this.audit = audit;
        this.reports = reports;
    }

    @Override
    public String name() {
        return "validate_deployment";
    }

    @Override
    public Map<String, Object> run(OnboardingContext context) {
        Verification verification = audit.verify(context.tenant(), 1);
        if (!verification.valid()) {
            throw new StepFailed("The audit trail does not verify at entry " + verification.brokenSeq() + ": "
                    + verification.problem());
        }
        String framework = context.config().compliance().frameworks().stream().findFirst()
                .orElse(context.config().security().complianceFramework());
        ComplianceReport report = reports.report(context.tenant(), framework, null);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("audit_entries_verified", verification.entries());
        result.put("audit_checkpoints_verified", verification.checkpoints());
        result.put("compliance_report", report.frameworkTitle() + " " + report.period());
        result.put("controls_passing", report.summary().pass());
        result.put("controls_failing", report.summary().fail());
        return result;
    }
}
