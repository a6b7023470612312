package dev.aurelis.onboarding.steps;

import java.util.List;
import org.springframework.stereotype.Component;

/** The brief's twelve onboarding steps, in the brief's order. */
@Component
public class TheTwelveSteps {

    private final List<OnboardingStep> steps;

    TheTwelveSteps(TenantIsolationStep tenantIsolation, SsoStep sso, RbacStep rbac, CostManagementStep costs,
            MonitoringAlertsStep alerts, ComplianceControlsStep compliance, ProductionDeploymentStep deployment,
            BackupsStep backups, SecurityPoliciesStep security, AnalyticsDashboardStep analytics, TrainingStep training,
            ValidationStep validation) {
        this.steps = List.of(tenantIsolation, sso, rbac, costs, alerts, compliance, deployment, backups, security,
                analytics, training, validation);
    }

    public List<OnboardingStep> inOrder() {
        return steps;
    }
}
