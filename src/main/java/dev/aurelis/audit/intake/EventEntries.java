package dev.aurelis.audit.intake;

import dev.aurelis.access.AccessRefused;
import dev.aurelis.access.RoleDefined;
import dev.aurelis.access.RoleDeleted;
import dev.aurelis.access.RoleGranted;
import dev.aurelis.access.RoleRevoked;
import dev.aurelis.access.TeamModelsChanged;
import dev.aurelis.audit.AuditDraft;
import dev.aurelis.audit.AuditedEvent;
import dev.aurelis.identity.DeviceLoginDecided;
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
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * How each recorded event becomes an entry: its category, action, actor, target and outcome; the details are the
 * event's own fields (never secrets: events carry none). One line per event type, so what is recorded reads as a table.
 */
final class EventEntries {

    static final String ADMIN = "admin";
    static final String SIGN_IN = "sign_in";
    static final String ACCESS = "access";
    static final String SPEND = "spend";

    /** What to record of one event type. {@code state} names the fields that are the changed target's new state. */
    record Spec<E>(Class<E> type, String category, String action, String outcome, Function<E, String> actor,
            Function<E, String> target, String... state) {
    }

    static final Map<Class<?>, Spec<?>> SPECS = specs();

    private EventEntries() {
    }

    private static Map<Class<?>, Spec<?>> specs() {
        Map<Class<?>, Spec<?>> m = new LinkedHashMap<>();
        add(m, new Spec<>(KeyIssued.class, ADMIN, "key.issued", AuditDraft.SUCCESS, e -> null, e -> "key:" + e.prefix()));
        add(m, new Spec<>(KeyRevoked.class, ADMIN, "key.revoked", AuditDraft.SUCCESS, e -> null, e -> "key:" + e.prefix()));
        add(m, new Spec<>(KeyRotated.class, ADMIN, "key.rotated", AuditDraft.SUCCESS, e -> null, e -> "key:" + e.oldKeyId()));
        add(m, new Spec<>(UserProvisioned.class, ADMIN, "user.provisioned", AuditDraft.SUCCESS, UserProvisioned::actor,
                e -> "user:" + e.email()));
        add(m, new Spec<>(UserUpdated.class, ADMIN, "user.updated", AuditDraft.SUCCESS, UserUpdated::actor,
                e -> "user:" + e.email()));
        add(m, new Spec<>(UserDeprovisioned.class, ADMIN, "user.deprovisioned", AuditDraft.SUCCESS,
                UserDeprovisioned::actor, e -> "user:" + e.email()));
        add(m, new Spec<>(UserReactivated.class, ADMIN, "user.reactivated", AuditDraft.SUCCESS, UserReactivated::actor,
                e -> "user:" + e.email()));
        add(m, new Spec<>(TeamMemberAdded.class, ADMIN, "team.member_added", AuditDraft.SUCCESS, TeamMemberAdded::actor,
                e -> "team:" + e.team()));
        add(m, new Spec<>(TeamMemberRemoved.class, ADMIN, "team.member_removed", AuditDraft.SUCCESS,
                TeamMemberRemoved::actor, e -> "team:" + e.team()));
        add(m, new Spec<>(GroupProvisioned.class, ADMIN, "scim.group_provisioned", AuditDraft.SUCCESS,
                GroupProvisioned::actor, e -> "team:" + e.team()));
        add(m, new Spec<>(GroupDeprovisioned.class, ADMIN, "scim.group_deprovisioned", AuditDraft.SUCCESS,
                GroupDeprovisioned::actor, e -> "team:" + e.team()));
        add(m, new Spec<>(RoleDefined.class, ADMIN, "role.defined", AuditDraft.SUCCESS, RoleDefined::actor,
                e -> "role:" + e.role(), "permissions", "scope"));
        add(m, new Spec<>(RoleDeleted.class, ADMIN, "role.deleted", AuditDraft.SUCCESS, RoleDeleted::actor,
                e -> "role:" + e.role()));
        add(m, new Spec<>(RoleGranted.class, ADMIN, "role.granted", AuditDraft.SUCCESS, RoleGranted::actor,
                e -> e.userId() != null ? "user:" + e.userId() : "team:" + e.team()));
        add(m, new Spec<>(RoleRevoked.class, ADMIN, "role.revoked", AuditDraft.SUCCESS, RoleRevoked::actor,
                e -> e.userId() != null ? "user:" + e.userId() : "team:" + e.team()));
        add(m, new Spec<>(TeamModelsChanged.class, ADMIN, "team.models_changed", AuditDraft.SUCCESS,
                TeamModelsChanged::actor, e -> "team-models:" + e.team(), "models"));
        add(m, new Spec<>(IdentityLinked.class, ADMIN, "identity.linked", AuditDraft.SUCCESS, IdentityLinked::actor,
                e -> "user:" + e.email()));
        add(m, new Spec<>(IdentityUnlinked.class, ADMIN, "identity.unlinked", AuditDraft.SUCCESS,
                IdentityUnlinked::actor, e -> "user:" + e.email()));
        add(m, new Spec<>(UserSignedIn.class, SIGN_IN, "sign_in.succeeded", AuditDraft.SUCCESS, UserSignedIn::email,
                e -> "user:" + e.email()));
        add(m, new Spec<>(SignInFailed.class, SIGN_IN, "sign_in.failed", AuditDraft.FAILURE, SignInFailed::principal,
                e -> e.principal() == null ? null : "user:" + e.principal()));
        add(m, new Spec<>(MfaEnrolled.class, SIGN_IN, "mfa.enrolled", AuditDraft.SUCCESS, e -> null,
                e -> "user:" + e.userId()));
        add(m, new Spec<>(IdentityLinkRefused.class, SIGN_IN, "identity.link_refused", AuditDraft.REFUSED,
                IdentityLinkRefused::email, e -> e.email() == null ? null : "user:" + e.email()));
        add(m, new Spec<>(AccessRefused.class, ACCESS, "access.refused", AuditDraft.REFUSED, AccessRefused::actor,
                e -> e.method() + " " + e.path()));
        add(m, new Spec<>(UserSignedOut.class, SIGN_IN, "session.ended", AuditDraft.SUCCESS, UserSignedOut::email,
                e -> "user:" + e.email()));
        add(m, new Spec<>(DeviceLoginDecided.class, SIGN_IN, "device_login.decided", AuditDraft.SUCCESS,
                DeviceLoginDecided::email, e -> "user:" + e.email()));
        add(m, new Spec<>(AdminRequestRecorded.class, "api", "api.request", AuditDraft.SUCCESS, AdminRequestRecorded::actor,
                e -> e.method() + " " + e.path()));
        add(m, new Spec<>(BudgetThresholdCrossed.class, SPEND, "budget.threshold_crossed", AuditDraft.SUCCESS,
                e -> null, e -> "budget:" + e.budgetId()));
        add(m, new Spec<>(ImplausibleUsageReported.class, SPEND, "usage.implausible_report", AuditDraft.REFUSED,
                e -> null, e -> "request:" + e.requestId()));
        add(m, new Spec<>(ExchangeScreened.class, "privacy", "privacy.screened", AuditDraft.SUCCESS, e -> null,
                e -> "request:" + e.requestId()));
        add(m, new Spec<>(PersonErased.class, ADMIN, "privacy.erasure", AuditDraft.SUCCESS, PersonErased::actor,
                e -> "subject:" + e.pseudonym()));
        add(m, new Spec<>(ConsentGiven.class, "privacy", "privacy.consent_given", AuditDraft.SUCCESS,
                ConsentGiven::actor, e -> "user:" + e.userId()));
        add(m, new Spec<>(ConsentWithdrawn.class, "privacy", "privacy.consent_withdrawn", AuditDraft.SUCCESS,
                ConsentWithdrawn::actor, e -> "user:" + e.userId()));
        add(m, new Spec<>(RetentionApplied.class, ADMIN, "privacy.retention_applied", AuditDraft.SUCCESS,
                e -> "retention", e -> null));
        add(m, new Spec<>(WorkspaceCreated.class, ADMIN, "workspace.created", AuditDraft.SUCCESS,
                WorkspaceCreated::actor, e -> "workspace:" + e.workspace()));
        add(m, new Spec<>(WorkspaceUpdated.class, ADMIN, "workspace.updated", AuditDraft.SUCCESS,
                WorkspaceUpdated::actor, e -> "workspace:" + e.workspace()));
        add(m, new Spec<>(WorkspaceArchived.class, ADMIN, "workspace.archived", AuditDraft.SUCCESS,
                WorkspaceArchived::actor, e -> "workspace:" + e.workspace()));
        add(m, new Spec<>(MemberAdded.class, ADMIN, "workspace.member_added", AuditDraft.SUCCESS, MemberAdded::actor,
                e -> "workspace:" + e.workspace()));
        add(m, new Spec<>(MemberRemoved.class, ADMIN, "workspace.member_removed", AuditDraft.SUCCESS,
                MemberRemoved::actor, e -> "workspace:" + e.workspace()));
        add(m, new Spec<>(ContextShared.class, ADMIN, "workspace.context_shared", AuditDraft.SUCCESS,
                ContextShared::actor, e -> "workspace:" + e.workspace()));
        add(m, new Spec<>(OrganizationModelRegistered.class, ADMIN, "model.registered", AuditDraft.SUCCESS,
                OrganizationModelRegistered::actor, e -> "model:" + e.name()));
        add(m, new Spec<>(OrganizationModelUpdated.class, ADMIN, "model.updated", AuditDraft.SUCCESS,
                OrganizationModelUpdated::actor, e -> "model:" + e.name()));
        add(m, new Spec<>(OrganizationModelRemoved.class, ADMIN, "model.removed", AuditDraft.SUCCESS,
                OrganizationModelRemoved::actor, e -> "model:" + e.name()));
        add(m, new Spec<>(ModelVariantCreated.class, ADMIN, "model_variant.created", AuditDraft.SUCCESS,
                ModelVariantCreated::actor, e -> "model_variant:" + e.name()));
        add(m, new Spec<>(ModelVariantUpdated.class, ADMIN, "model_variant.updated", AuditDraft.SUCCESS,
                ModelVariantUpdated::actor, e -> "model_variant:" + e.name()));
        add(m, new Spec<>(ModelVariantRemoved.class, ADMIN, "model_variant.removed", AuditDraft.SUCCESS,
                ModelVariantRemoved::actor, e -> "model_variant:" + e.name()));
        return Map.copyOf(m);
    }

    private static void add(Map<Class<?>, Spec<?>> specs, Spec<?> spec) {
        specs.put(spec.type(), spec);
    }

    /** The entry for {@code event}, or null when its type is not recorded. */
    @SuppressWarnings("unchecked")
    static <E> AuditDraft draft(E event, Map<String, Object> before) {
        Spec<E> spec = (Spec<E>) SPECS.get(event.getClass());
        if (spec == null && event instanceof AuditedEvent audited) {
            Map<String, Object> details = fields(event);
            details.remove("tenantId");
            return AuditDraft.of(audited.tenantId(), audited.auditCategory(), audited.auditAction(),
                    audited.auditActor(), audited.auditTarget(), audited.auditOutcome(), details);
        }
        if (spec == null) {
            return null;
        }
        Map<String, Object> fields = fields(event);
        String tenant = Objects.toString(fields.remove("tenantId"), null);
        if (tenant == null) {
            return null;
        }
        Map<String, Object> details = new LinkedHashMap<>(fields);
        if (spec.state().length > 0) {
            Map<String, Object> after = new LinkedHashMap<>();
            for (String field : spec.state()) {
                after.put(field, details.remove(field));
            }
            details.put("after", after);
            if (before != null) {
                details.put("before", before);
            }
        }
        if (event instanceof AdminRequestRecorded request) {
            details.remove("source_ip");
            details.remove("user_agent");
            String outcome = request.status() < 400 ? AuditDraft.SUCCESS
                    : request.status() == 401 || request.status() == 403 ? AuditDraft.REFUSED : AuditDraft.FAILURE;
            return AuditDraft.of(tenant, spec.category(), spec.action(), request.actor(), spec.target().apply(event),
                    outcome, details).from(request.sourceIp(), request.userAgent());
        }
        return AuditDraft.of(tenant, spec.category(), spec.action(), spec.actor().apply(event),
                spec.target().apply(event), spec.outcome(), details);
    }

    /** A record's components by name, nulls left out. */
    static Map<String, Object> fields(Object event) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (RecordComponent component : event.getClass().getRecordComponents()) {
            try {
                Object value = component.getAccessor().invoke(event);
                if (value != null) {
                    fields.put(snake(component.getName()), value);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Could not read " + component + " of " + event.getClass(), e);
            }
        }
        return fields;
    }

    private static String snake(String name) {
        return name.equals("tenantId") ? name : name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
