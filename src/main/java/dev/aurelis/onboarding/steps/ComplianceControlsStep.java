package dev.aurelis.onboarding.steps;

import dev.aurelis.compliance.ComplianceChecks;
import dev.aurelis.compliance.ComplianceReports;
import dev.aurelis.compliance.ComplianceSettings;
import dev.aurelis.compliance.Framework;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code configure_compliance_controls}: the server evaluates the frameworks the configuration names, each has its
 * controls, and the automated checks run when declared; their open violations are reported, not failed on (they
 * are what the organisation works through after onboarding).
 */
@Component
class ComplianceControlsStep implements OnboardingStep {

    private final ComplianceSettings serving;
    private final ComplianceReports reports;
    private final ComplianceChecks checks;

    ComplianceControlsStep(ComplianceSettings serving, ComplianceReports reports, ComplianceChecks checks) {
        this.serving = serving;
        this.reports = reports;
        this.checks = checks;
    }

    @Override
    public String name() {
        return "configure_compliance_controls";
    }

    @Override
    public Map<String, Object> run(OnboardingContext context) {
        ComplianceSettings declared = ComplianceSettings.of(context.loaded());
        List<Framework> missing = declared.frameworks().stream().filter(f -> !serving.frameworks().contains(f)).toList();
        if (!missing.isEmpty()) {
            throw new StepFailed("The server does not report on " + missing.stream().map(Framework::title).toList()
                    + "; restart it with this configuration (compliance.frameworks).");
        }
        if (declared.automatedChecks() && !serving.automatedChecks()) {
            throw new StepFailed("compliance.automated_compliance_checks is declared but the server does not run them; "
                    + "restart it with this configuration.");
        }
        Map<String, Object> controls = new LinkedHashMap<>();
        for (Framework framework : declared.frameworks()) {
            int count = reports.controls(framework).size();
            if (count == 0) {
                throw new StepFailed("No controls are defined for " + framework.title() + ".");
            }
            controls.put(framework.title(), count);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("controls", controls);
        result.put("reporting", serving.reporting());
        if (serving.automatedChecks()) {
            result.put("open_violations", checks.check(context.tenant()).size());
        }
        return result;
    }
}
