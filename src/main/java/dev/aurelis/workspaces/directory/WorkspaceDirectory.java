package dev.aurelis.workspaces.directory;

import dev.aurelis.privacy.PersonErased;
import dev.aurelis.storage.DatabaseFailures;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.workspaces.ContextItem;
import dev.aurelis.workspaces.Workspace;
import dev.aurelis.workspaces.WorkspaceChanged;
import dev.aurelis.workspaces.store.WorkspaceStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The workspaces the gateway reads on the hot path, from memory: a tenant's workspaces with their current context
 * are loaded the first time one of its requests names a workspace, then kept: a workspace is read again after each
 * of its change events commits (so this replica sees its own changes at once), and every loaded tenant is read
 * again once a minute (so changes made through another replica arrive within that time). No request reads the
 * database, however many name a workspace.
 */
@Component
public class WorkspaceDirectory {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceDirectory.class);

    /** A workspace with its current context items, as the gateway reads it. */
    public record Entry(Workspace workspace, List<ContextItem> context) {
    }

    private final WorkspaceStore store;
    private final Map<String, Map<String, Entry>> tenants = new ConcurrentHashMap<>();

    WorkspaceDirectory(WorkspaceStore store) {
        this.store = store;
    }

    public Optional<Entry> find(TenantId tenant, String name) {
        return Optional.ofNullable(tenants.computeIfAbsent(tenant.value(), t -> load(tenant)).get(name));
    }

    /** Called after the transaction that changed a workspace committed (or at once, outside a transaction). */
    @TransactionalEventListener(fallbackExecution = true)
    void changed(WorkspaceChanged event) {
        TenantId tenant = TenantId.of(event.tenantId());
        Map<String, Entry> loaded = tenants.get(tenant.value());
        if (loaded != null) {
            store.find(tenant, event.workspace()).ifPresentOrElse(
                    w -> loaded.put(w.name(), new Entry(w, store.currentContext(tenant, w.name()))),
                    () -> loaded.remove(event.workspace()));
        }
    }

    /** An erasure changed members and shared text across the tenant's workspaces: they are read again. */
    @TransactionalEventListener(fallbackExecution = true)
    void erased(PersonErased event) {
        if (tenants.containsKey(event.tenantId())) {
            tenants.put(event.tenantId(), load(TenantId.of(event.tenantId())));
        }
    }

    @Scheduled(initialDelayString = "${aurelis.workspaces.refresh:60s}", fixedDelayString = "${aurelis.workspaces.refresh:60s}")
    void refresh() {
        for (String tenant : List.copyOf(tenants.keySet())) {
            try {
                tenants.put(tenant, load(TenantId.of(tenant)));
            } catch (RuntimeException e) {
                if (!DatabaseFailures.unavailable(e)) {
                    throw e;
                }
                log.warn("Workspaces of tenant '{}' not refreshed: the database does not answer ({}); the ones in "
                        + "memory stay", tenant, DatabaseFailures.reason(e));
            }
        }
    }

    private Map<String, Entry> load(TenantId tenant) {
        Map<String, Entry> entries = new ConcurrentHashMap<>();
        for (Workspace w : store.list(tenant)) {
            entries.put(w.name(), new Entry(w, store.currentContext(tenant, w.name())));
        }
        return entries;
    }
}
