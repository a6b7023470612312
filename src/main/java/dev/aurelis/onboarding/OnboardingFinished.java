package dev.aurelis.onboarding;

import dev.aurelis.audit.AuditDraft;
import dev.aurelis.audit.AuditedEvent;
import java.util.UUID;

/** Published when an onboarding run ended, {@code completed} or {@code failed} at its first error. */
public record OnboardingFinished(String tenantId, UUID runId, String status, int stepsCompleted, int totalSteps,
        String actor) implements AuditedEvent {

    @Override
    public String auditCategory() {
        return "admin";
    }

    @Override
    public String auditAction() {
        return "onboarding.run_finished";
    }

    @Override
    public String auditActor() {
        return actor;
    }

    @Override
    public String auditTarget() {
        return "onboarding:" + runId;
    }

    @Override
    public String auditOutcome() {
        return OnboardingReport.COMPLETED.equals(status) ? AuditDraft.SUCCESS : AuditDraft.FAILURE;
    }
}
