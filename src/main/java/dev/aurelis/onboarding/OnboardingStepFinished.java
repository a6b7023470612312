package dev.aurelis.onboarding;

import dev.aurelis.audit.AuditDraft;
import dev.aurelis.audit.AuditedEvent;
import java.util.UUID;

/**
 * Published when one of the twelve steps of a run ended: its position and name, {@code success} or {@code error}
 * with the reason, and whether it was carried over from an earlier run of the same configuration. The step's result
 * stays in the run's own record ({@code aurelis onboard}, {@code GET /api/v1/onboarding}).
 */
public record OnboardingStepFinished(String tenantId, UUID runId, int position, String step, String status,
        String error, boolean resumed, String actor) implements AuditedEvent {

    @Override
    public String auditCategory() {
        return "admin";
    }

    @Override
    public String auditAction() {
        return "onboarding.step_finished";
    }

    @Override
    public String auditActor() {
        return actor;
    }

    @Override
    public String auditTarget() {
        return "onboarding:" + runId + "/step:" + step;
    }

    @Override
    public String auditOutcome() {
        return StepResult.SUCCESS.equals(status) ? AuditDraft.SUCCESS : AuditDraft.FAILURE;
    }
}
