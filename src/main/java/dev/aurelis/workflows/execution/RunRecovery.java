package dev.aurelis.workflows.execution;

import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.workflows.definitions.WorkflowCatalog;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps runs alive across restarts: while a process executes runs it beats their heartbeat; an open run whose
 * heartbeat has gone stale (its process stopped) is claimed by the next process that looks and resumed from its
 * first step without an outcome.
 */
@Component
class RunRecovery {

    static final Duration STALE_AFTER = Duration.ofSeconds(90);

    private final RunStore store;
    private final RunExecutor executor;
    private final WorkflowCatalog catalog;

    RunRecovery(RunStore store, RunExecutor executor, WorkflowCatalog catalog) {
        this.store = store;
        this.executor = executor;
        this.catalog = catalog;
    }

    @Scheduled(fixedDelay = 20_000, initialDelay = 20_000)
    void beat() {
        List<UUID> running = executor.activeRuns();
        if (!running.isEmpty()) {
            TenantContext.run(catalog.tenant(), () -> store.heartbeat(running));
        }
    }

    @Scheduled(fixedDelay = 30_000, initialDelay = 5_000)
    void resumeStale() {
        if (catalog.enabled()) {
            resume(STALE_AFTER);
        }
    }

    /** Claims and resumes every open run whose heartbeat is older than {@code staleAfter}; how many. */
    int resume(Duration staleAfter) {
        return TenantContext.call(catalog.tenant(), () -> {
            int resumed = 0;
            for (UUID id : store.stale(staleAfter)) {
                if (!executor.executing(id) && store.claim(id, staleAfter)) {
                    executor.submit(id);
                    resumed++;
                }
            }
            return resumed;
        });
    }
}
