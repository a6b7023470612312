package dev.aurelis.workflows.execution;

import dev.aurelis.access.Grantor;
import dev.aurelis.identity.ApiKeys;
import dev.aurelis.identity.ServiceIdentities;
import dev.aurelis.identity.IssuedKey;
import dev.aurelis.identity.KeyRequest;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The identity a workflow's model calls are made as: a user per workflow ({@code workflow.<name>@workflows.aurelis})
 * holding an API key in the repository's team and project, with the developer role. The gateway sees an ordinary
 * caller, so the team's model allow-list, budgets and rate limits apply and the ledger attributes every call to the
 * team, the project and the workflow. The key's secret lives only in this process's memory; keys are short-lived
 * and a restarted process issues itself new ones (ADR 0034).
 */
@Component
class WorkflowIdentities {

    private static final Duration LIFETIME = Duration.ofHours(24);
    private static final Duration RENEW_BEFORE = Duration.ofHours(1);

    private record Holder(String workflow, String team, String project) {
    }

    private record HeldKey(String secret, Instant expiresAt) {
    }

    private final ApiKeys keys;
    private final Clock clock = Clock.systemUTC();
    private final Map<Holder, HeldKey> held = new ConcurrentHashMap<>();

    WorkflowIdentities(ApiKeys keys) {
        this.keys = keys;
    }

    /** The e-mail of a workflow's user, under which the ledger shows its calls. */
    static String userOf(String workflow) {
        return ServiceIdentities.workflowAddress(workflow);
    }

    /** A key valid for at least another hour for the workflow in the team and project. */
    String keyFor(TenantId tenant, String workflow, String team, String project) {
        Holder holder = new Holder(workflow, team, project);
        HeldKey key = held.get(holder);
        if (key == null || key.expiresAt().isBefore(clock.instant().plus(RENEW_BEFORE))) {
            synchronized (this) {
                key = held.get(holder);
                if (key == null || key.expiresAt().isBefore(clock.instant().plus(RENEW_BEFORE))) {
                    key = issue(tenant, holder);
                    held.put(holder, key);
                }
            }
        }
        return key.secret();
    }

    private HeldKey issue(TenantId tenant, Holder holder) {
        Instant expiresAt = clock.instant().plus(LIFETIME);
        IssuedKey issued = TenantContext.call(tenant, () -> keys.issue(new KeyRequest(tenant, userOf(holder.workflow()),
                holder.team(), holder.project(), "workflow " + holder.workflow(), expiresAt, List.of("developer")),
                Grantor.system("workflows")));
        return new HeldKey(issued.key(), expiresAt);
    }
}
