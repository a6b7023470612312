package dev.aurelis.workflows.execution;

import dev.aurelis.storage.AfterCommit;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.workflows.definitions.Trigger;
import dev.aurelis.workflows.definitions.WorkflowCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts runs: in one transaction the delivery is noted (a repeated delivery starts nothing), the runs are stored
 * with their steps pending and the older open runs of the same pull request are cancelled; once that has committed,
 * the runs are executed and the cancelled ones stopped.
 */
@Component
public class RunStarter {

    private final RunStore store;
    private final RunExecutor executor;
    private final WorkflowCatalog catalog;
    private final TransactionTemplate transaction;

    RunStarter(RunStore store, RunExecutor executor, WorkflowCatalog catalog, TransactionTemplate transaction) {
        this.store = store;
        this.executor = executor;
        this.catalog = catalog;
        this.transaction = transaction;
    }

    /** What a delivery led to: nothing (seen before), or the runs it started. */
    public record Started(boolean duplicate, List<UUID> runs) {
    }

    /**
     * Stores the runs for a delivery and executes them in the background.
     *
     * @param deliveryId the code host's delivery id, or null when there is none to de-duplicate by
     */
    public Started start(String source, String deliveryId, List<NewRun> runs) {
        TenantId tenant = catalog.tenant();
        return TenantContext.call(tenant, () -> transaction.execute(status -> {
            if (deliveryId != null && !store.firstDelivery(tenant.value(), source, deliveryId)) {
                return new Started(true, List.of());
            }
            List<UUID> ids = new ArrayList<>();
            for (NewRun run : runs) {
                UUID id = UUID.randomUUID();
                store.insert(tenant.value(), id, run);
                List<UUID> cancelled = store.cancelOlder(tenant.value(), id, run, source);
                ids.add(id);
                AfterCommit.run(() -> {
                    cancelled.forEach(executor::cancel);
                    executor.submit(id);
                });
            }
            return new Started(false, ids);
        }));
    }

    /**
     * Stores a run from CI under {@code id} and executes it on the caller's thread; its result, or empty if it did not
     * finish (it waits for an approval, or was cancelled).
     */
    public java.util.Optional<RunResult> review(UUID id, NewRun run) {
        if (run.trigger() != Trigger.CI) {
            throw new IllegalArgumentException("only a CI review runs on the caller's thread");
        }
        TenantId tenant = catalog.tenant();
        TenantContext.run(tenant, () -> transaction.executeWithoutResult(status -> store.insert(tenant.value(), id, run)));
        return executor.execute(id);
    }
}
