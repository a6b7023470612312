package dev.aurelis.onboarding;

import dev.aurelis.audit.AuditedEvent;
import java.util.UUID;

/**
 * Published when an onboarding run began: who started it, on which configuration (its source and digest), and
 * whether earlier successes were discarded ({@code restart}).
 */
public record OnboardingStarted(String tenantId, UUID runId, String configuration, String configDigest,
        boolean restart, String actor) implements AuditedEvent {

    @Override
    public String auditCategory() {
        return "admin";
    }

    @Override
    public String auditAction() {
        return "onboarding.run_started";
    }

    @Override
    public String auditActor() {
        return actor;
    }

    @Override
    public String auditTarget() {
        return "onboarding:" + runId;
    }
}
