package dev.aurelis.webhooks.events;

import dev.aurelis.alerting.AlertFired;
import dev.aurelis.alerting.AlertResolved;
import dev.aurelis.identity.KeyIssued;
import dev.aurelis.identity.KeyRevoked;
import dev.aurelis.identity.KeyRotated;
import dev.aurelis.identity.UserDeprovisioned;
import dev.aurelis.identity.UserProvisioned;
import dev.aurelis.privacy.ExchangeScreened;
import dev.aurelis.privacy.PrivacyOutcome;
import dev.aurelis.spend.BudgetThresholdCrossed;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.webhooks.EventType;
import dev.aurelis.webhooks.delivery.Fanout;
import dev.aurelis.workflows.WorkflowApprovalDecided;
import dev.aurelis.workflows.WorkflowApprovalRequested;
import dev.aurelis.workflows.WorkflowRunFinished;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Hears the other modules' past-tense events once they are committed and puts them in the outbox for the
 * subscriptions that want them. Transactional listeners, so the event publication registry keeps each event until
 * it is enqueued (ADR 0018): a crash before then hears it again at the next start, and its stable id enqueues it
 * once. Events that carry no identity of their own (a deprovisioning) get a fresh id, so one heard twice may be
 * sent twice; none is lost.
 */
@Component
class EventListeners {

    private final Fanout fanout;
    private final Clock clock;

    EventListeners(Fanout fanout, Optional<Clock> clock) {
        this.fanout = fanout;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @Async
    @TransactionalEventListener
    void on(KeyIssued e) {
        publish(e.tenantId(), EventType.KEY_ISSUED, "keys/" + e.keyId(), now(), e, e.keyId());
    }

    @Async
    @TransactionalEventListener
    void on(KeyRevoked e) {
        publish(e.tenantId(), EventType.KEY_REVOKED, "keys/" + e.keyId(), now(), e, e.keyId());
    }

    @Async
    @TransactionalEventListener
    void on(KeyRotated e) {
        publish(e.tenantId(), EventType.KEY_ROTATED, "keys/" + e.oldKeyId(), now(), e, e.oldKeyId(), e.newKeyId());
    }

    @Async
    @TransactionalEventListener
    void on(UserProvisioned e) {
        publish(e.tenantId(), EventType.USER_PROVISIONED, "users/" + e.userId(), now(), e, e.userId());
    }

    @Async
    @TransactionalEventListener
    void on(UserDeprovisioned e) {
        publish(e.tenantId(), EventType.USER_DEPROVISIONED, "users/" + e.userId(), now(), e, UUID.randomUUID());
    }

    @Async
    @TransactionalEventListener
    void on(BudgetThresholdCrossed e) {
        publish(e.tenantId(), EventType.BUDGET_THRESHOLD_CROSSED, "budgets/" + e.budgetId(), e.occurredAt(), e, e.id());
    }

    @Async
    @TransactionalEventListener
    void on(AlertFired e) {
        publish(e.tenantId(), EventType.ALERT_FIRED, "alerts/" + e.alertId(), e.occurredAt(), e, e.alertId());
    }

    @Async
    @TransactionalEventListener
    void on(AlertResolved e) {
        publish(e.tenantId(), EventType.ALERT_RESOLVED, "alerts/" + e.alertId(), e.occurredAt(), e, e.alertId());
    }

    @Async
    @TransactionalEventListener
    void on(WorkflowRunFinished e) {
        publish(e.tenantId(), EventType.WORKFLOW_FINISHED, "workflows/runs/" + e.runId(), e.finishedAt(), e, e.runId());
    }

    @Async
    @TransactionalEventListener
    void on(WorkflowApprovalRequested e) {
        publish(e.tenantId(), EventType.WORKFLOW_APPROVAL_REQUESTED, "workflows/runs/" + e.runId(), null, e,
                e.runId(), e.step());
    }

    @Async
    @TransactionalEventListener
    void on(WorkflowApprovalDecided e) {
        publish(e.tenantId(), EventType.WORKFLOW_APPROVAL_DECIDED, "workflows/runs/" + e.runId(), null, e,
                e.runId(), e.step(), String.valueOf(e.approver()), e.decision());
    }

    @Async
    @TransactionalEventListener
    void on(ExchangeScreened e) {
        if (PrivacyOutcome.BLOCKED.configName().equals(e.outcome())) {
            publish(e.tenantId(), EventType.PRIVACY_BLOCKED, "requests/" + e.requestId(), e.at(), e, e.requestId());
        }
    }

    private void publish(String tenant, EventType type, String subject, Instant time, Object event,
            Object... identity) {
        fanout.publish(new WebhookEvent(TenantId.of(tenant), type, WebhookEvent.stableId(type, identity), subject,
                time == null ? now() : time, CloudEvents.dataOf(event)));
    }

    private Instant now() {
        return clock.instant();
    }
}
