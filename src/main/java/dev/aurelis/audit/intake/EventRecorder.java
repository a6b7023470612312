package dev.aurelis.audit.intake;

import dev.aurelis.access.AccessRefused;
import dev.aurelis.access.RoleDefined;
import dev.aurelis.access.RoleDeleted;
import dev.aurelis.access.RoleGranted;
import dev.aurelis.access.RoleRevoked;
import dev.aurelis.access.TeamModelsChanged;
import dev.aurelis.audit.AuditDraft;
import dev.aurelis.audit.AuditSettings;
import dev.aurelis.audit.AuditedEvent;
import dev.aurelis.identity.DeviceLoginDecided;
import dev.aurelis.audit.chain.AuditLog;
import dev.aurelis.gateway.ImplausibleUsageReported;
import dev.aurelis.privacy.ExchangeScreened;
import dev.aurelis.identity.GroupDeprovisioned;
import dev.aurelis.identity.GroupProvisioned;
import dev.aurelis.identity.IdentityLinkRefused;
import dev.aurelis.identity.IdentityLinked;
import dev.aurelis.identity.IdentityUnlinked;
import dev.aurelis.identity.KeyIssued;
import dev.aurelis.identity.KeyRevoked;
import dev.aurelis.identity.KeyRotated;
import dev.aurelis.identity.MfaEnrolled;
import dev.aurelis.identity.SignInFailed;
import dev.aurelis.identity.TeamMemberAdded;
import dev.aurelis.identity.TeamMemberRemoved;
import dev.aurelis.identity.UserDeprovisioned;
import dev.aurelis.identity.UserProvisioned;
import dev.aurelis.identity.UserReactivated;
import dev.aurelis.identity.UserSignedIn;
import dev.aurelis.identity.UserSignedOut;
import dev.aurelis.identity.UserUpdated;
import dev.aurelis.privacy.ConsentGiven;
import dev.aurelis.privacy.ConsentWithdrawn;
import dev.aurelis.privacy.PersonErased;
import dev.aurelis.privacy.RetentionApplied;
import dev.aurelis.spend.BudgetThresholdCrossed;
import dev.aurelis.routing.ModelVariantCreated;
import dev.aurelis.routing.ModelVariantRemoved;
import dev.aurelis.routing.ModelVariantUpdated;
import dev.aurelis.routing.OrganizationModelRegistered;
import dev.aurelis.routing.OrganizationModelRemoved;
import dev.aurelis.routing.OrganizationModelUpdated;
import dev.aurelis.workspaces.ContextShared;
import dev.aurelis.workspaces.MemberAdded;
import dev.aurelis.workspaces.MemberRemoved;
import dev.aurelis.workspaces.WorkspaceArchived;
import dev.aurelis.workspaces.WorkspaceCreated;
import dev.aurelis.workspaces.WorkspaceUpdated;
import dev.aurelis.tenancy.TenantId;
import java.util.List;
import java.util.Map;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Records the modules' events in the trail. The listener is a transactional one, so the event publication registry
 * keeps each event until its entry is written (ADR 0018): a crash or a failed write leaves the publication
 * incomplete and it is delivered again on the next start. A redelivered event may be recorded twice; none is lost.
 * The entry is written in a transaction of its own, acting for the event's tenant, off the publishing thread.
 */
@Component
class EventRecorder {

    private final AuditLog auditLog;
    private final AuditSettings settings;
    private final PreviousState previous;

    EventRecorder(AuditLog auditLog, AuditSettings settings, PreviousState previous) {
        this.auditLog = auditLog;
        this.settings = settings;
        this.previous = previous;
    }

    @Async
    @TransactionalEventListener(classes = {KeyIssued.class, KeyRevoked.class, KeyRotated.class, UserProvisioned.class,
            UserUpdated.class, UserDeprovisioned.class, UserReactivated.class, TeamMemberAdded.class,
            TeamMemberRemoved.class, GroupProvisioned.class, GroupDeprovisioned.class, RoleDefined.class,
            RoleDeleted.class, RoleGranted.class, RoleRevoked.class, TeamModelsChanged.class, IdentityLinked.class,
            IdentityUnlinked.class, UserSignedIn.class, SignInFailed.class, MfaEnrolled.class,
            IdentityLinkRefused.class, AccessRefused.class, BudgetThresholdCrossed.class, UserSignedOut.class,
            AdminRequestRecorded.class, ImplausibleUsageReported.class, ExchangeScreened.class, PersonErased.class,
            RetentionApplied.class, ConsentGiven.class, ConsentWithdrawn.class, WorkspaceCreated.class,
            WorkspaceUpdated.class, WorkspaceArchived.class,
            MemberAdded.class, MemberRemoved.class, ContextShared.class, DeviceLoginDecided.class, AuditedEvent.class,
            OrganizationModelRegistered.class, OrganizationModelUpdated.class, OrganizationModelRemoved.class,
            ModelVariantCreated.class, ModelVariantUpdated.class, ModelVariantRemoved.class})
    void on(Object event) {
        record(event);
    }

    void record(Object event) {
        if (!settings.enabled()) {
            return;
        }
        AuditDraft probe = EventEntries.draft(event, null);
        if (probe == null) {
            return;
        }
        TenantId tenant = TenantId.of(probe.tenantId());
        AuditDraft draft = probe;
        EventEntries.Spec<?> spec = EventEntries.SPECS.get(event.getClass());
        if (spec != null && (spec.state().length > 0 || event instanceof RoleDeleted)) {
            Map<String, Object> before = previous.of(tenant, probe.target());
            draft = event instanceof RoleDeleted ? withBefore(probe, before) : EventEntries.draft(event, before);
        }
        if (settings.omitsSources() && (draft.sourceIp() != null || draft.userAgent() != null)) {
            draft = draft.from(null, null);
        }
        auditLog.append(tenant, List.of(draft));
    }

    private static AuditDraft withBefore(AuditDraft draft, Map<String, Object> before) {
        if (before == null) {
            return draft;
        }
        Map<String, Object> details = new java.util.LinkedHashMap<>(draft.details());
        details.put("before", before);
        return AuditDraft.of(draft.tenantId(), draft.category(), draft.action(), draft.actor(), draft.target(),
                draft.outcome(), details);
    }
}
