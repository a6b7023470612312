package dev.aurelis.workflows.execution;

import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.workflows.WorkflowApprovalRequested;
import dev.aurelis.workflows.WorkflowRunFinished;
import dev.aurelis.workflows.definitions.RepositoryBinding;
import dev.aurelis.workflows.definitions.Workflow;
import dev.aurelis.workflows.definitions.WorkflowCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Executes runs: the steps still pending run at once (each on its own virtual thread), each step's outcome is stored
 * as soon as it has one, so a run taken over after a restart repeats no step; a run with approval steps then waits
 * for them without holding a thread (see {@link Approvals}); then the result is published to the
 * code host and {@link WorkflowRunFinished} is published. A run of a repository waits for a free place among the
 * repository's {@code max_concurrent_runs}; a cancelled run stops before its next model call and publishes nothing
 * but its cancellation.
 */
@Component
public class RunExecutor {

    private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);

    private final RunStore store;
    private final StepRunner steps;
    private final WorkflowCatalog catalog;
    private final Map<String, CodeHost> hosts = new ConcurrentHashMap<>();
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final MeterRegistry meters;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("workflow-run-", 0).factory());
    private final Map<UUID, AtomicBoolean> active = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> repositoryPlaces = new ConcurrentHashMap<>();

    RunExecutor(RunStore store, StepRunner steps, WorkflowCatalog catalog, List<CodeHost> hosts,
            TransactionTemplate transaction, ApplicationEventPublisher events, MeterRegistry meters) {
        this.store = store;
        this.steps = steps;
        this.catalog = catalog;
        hosts.forEach(host -> this.hosts.put(host.source(), host));
        this.transaction = transaction;
        this.events = events;
        this.meters = meters;
    }

    /** Executes the run on a thread of its own. */
    public void submit(UUID runId) {
        threads.submit(() -> {
            try {
                execute(runId);
            } catch (RuntimeException e) {
                log.error("Workflow run {} failed; it is taken up again when its heartbeat goes stale", runId, e);
            }
        });
    }

    /** Stops the run before its next model call, if this process executes it. */
    void cancel(UUID runId) {
        AtomicBoolean flag = active.get(runId);
        if (flag != null) {
            flag.set(true);
        }
    }

    List<UUID> activeRuns() {
        return List.copyOf(active.keySet());
    }

    boolean executing(UUID runId) {
        return active.containsKey(runId);
    }

    /**
     * Executes the run here and now (unless this process already does); its result, or empty when the run was
     * cancelled, was already finished or is executed elsewhere in this process.
     */
    public Optional<RunResult> execute(UUID runId) {
        AtomicBoolean cancelled = new AtomicBoolean();
        if (active.putIfAbsent(runId, cancelled) != null) {
            return Optional.empty();
        }
        TenantId tenant = catalog.tenant();
        try (TenantContext.Bound ignored = TenantContext.open(tenant)) {
            Run run = store.find(runId).orElse(null);
            if (run == null || !run.open()) {
                return Optional.empty();
            }
            Semaphore places = repositoryPlaces.computeIfAbsent(run.source() + ":" + run.repository(), key ->
                    new Semaphore(catalog.repository(run.source().equals("ci") ? "github" : run.source(), run.repository())
                            .or(() -> catalog.repository("gitlab", run.repository()))
                            .map(RepositoryBinding::maxConcurrentRuns).orElse(2)));
            places.acquireUninterruptibly();
            try {
                return run(tenant, run, cancelled);
            } finally {
                places.release();
            }
        } finally {
            active.remove(runId);
        }
    }

    private Optional<RunResult> run(TenantId tenant, Run run, AtomicBoolean cancelled) {
        if (!store.start(run.id())) {
            return Optional.empty();
        }
        CodeHost host = hosts.get(run.source());
        List<ChangedFile> files;
        try {
            if (host != null && run.checkRunId() == null) {
                Long check = host.started(run);
                if (check != null) {
                    store.checkRun(run.id(), check);
                    run = store.find(run.id()).orElseThrow();
                }
            }
            files = host == null ? UnifiedDiff.parse(run.diff() == null ? "" : run.diff()) : host.files(run);
        } catch (CodeHostHttp.Misconfigured e) {
            return unreachableHost(tenant, run, e.getMessage());
        }
        Optional<String> excluded = catalog.workflow(run.workflow()).map(Workflow::conditions)
                .flatMap(c -> c.refusesChange(files.stream().map(ChangedFile::path).toList(),
                        files.stream().mapToInt(ChangedFile::changedLines).sum()));
        if (excluded.isPresent()) {
            return skip(tenant, run, host, excluded.get());
        }
        ReviewContext review = new ReviewContext(run.id(), run.workflow(), run.repository(), run.team(), run.project(),
                run.title(), run.author(), files);
        UUID id = run.id();
        List<Future<?>> pending = new ArrayList<>();
        for (StepState state : store.steps(id)) {
            if (!state.done() && !state.definition().action().asksPeople()) {
                pending.add(threads.submit(() -> TenantContext.run(tenant, () -> {
                    StepOutcome outcome = steps.run(tenant, state.definition(), review,
                            () -> cancelled.get() || store.cancelled(id));
                    if (!(cancelled.get() || store.cancelled(id))) {
                        store.completeStep(id, state.position(), outcome);
                    }
                })));
            }
        }
        for (Future<?> step : pending) {
            await(step);
        }
        if (cancelled.get() || store.cancelled(id)) {
            if (host != null) {
                host.cancelled(store.find(id).orElseThrow());
            }
            publishFinished(tenant, store.find(id).orElseThrow(), null, "cancelled");
            return Optional.empty();
        }
        List<StepState> states = store.steps(id);
        if (states.stream().anyMatch(StepState::awaitingPeople)) {
            awaitApproval(tenant, run);
            return Optional.empty();
        }
        RunResult result = RunResult.of(id, run.workflow(), states);
        if (!store.publishing(id)) {
            return Optional.empty();
        }
        if (host != null) {
            host.publish(store.find(id).orElseThrow(), result, files);
        }
        Run finished = run;
        boolean completed = Boolean.TRUE.equals(transaction.execute(status -> {
            if (!store.finish(id, result.conclusion())) {
                return false;
            }
            publishFinished(tenant, finished, result, result.conclusion());
            return true;
        }));
        if (completed) {
            Timer.builder("code_review_completion_time")
                    .description("Time from a review's trigger to its published result")
                    .tag("user", run.author() == null ? "unknown" : run.author())
                    .tag("repository", run.repository())
                    .publishPercentileHistogram()
                    .register(meters)
                    .record(Duration.between(run.createdAt(), store.finishedAt(id)));
        }
        return completed ? Optional.of(result) : Optional.empty();
    }

    /**
     * The model steps are done and the run waits for people: it gives up its place and thread, the check run stays
     * in progress (so a required check keeps the merge blocked), and the approvers are asked.
     */
    private void awaitApproval(TenantId tenant, Run run) {
        List<String> channels = catalog.workflow(run.workflow()).map(Workflow::channels).orElseGet(List::of);
        transaction.executeWithoutResult(status -> {
            if (!store.awaitApproval(run.id())) {
                return;
            }
            for (StepState step : store.steps(run.id())) {
                if (step.awaitingPeople()) {
                    var approval = step.definition().approval();
                    events.publishEvent(new WorkflowApprovalRequested(tenant.value(), run.id(), run.workflow(),
                            run.source(), run.repository(), run.pullNumber(), run.headSha(), run.author(), run.team(),
                            step.definition().name(), approval.approvers(), approval.required(), step.decideBy(),
                            channels, link(run)));
                }
            }
        });
    }

    /**
     * Ends a run whose code host does not accept Aurelis's credentials (a misconfigured GitHub App): taking it up
     * again cannot help, so every step still pending fails with the reason, where the console and the API show it.
     * Nothing can be shown on the code host itself.
     */
    private Optional<RunResult> unreachableHost(TenantId tenant, Run run, String reason) {
        log.warn("Workflow run {} of {} failed: {}", run.id(), run.repository(), reason);
        for (StepState state : store.steps(run.id())) {
            if (!state.done()) {
                store.completeStep(run.id(), state.position(), new StepOutcome(List.of(), null, List.of(), reason));
            }
        }
        RunResult result = RunResult.of(run.id(), run.workflow(), store.steps(run.id()));
        Run failed = run;
        boolean finished = Boolean.TRUE.equals(transaction.execute(status -> {
            if (!store.finish(failed.id(), "failure")) {
                return false;
            }
            publishFinished(tenant, failed, result, "failure");
            return true;
        }));
        return finished ? Optional.of(result) : Optional.empty();
    }

    /** Ends a run whose workflow does not review the change: no model call, a skipped check. */
    private Optional<RunResult> skip(TenantId tenant, Run run, CodeHost host, String reason) {
        if (host != null) {
            host.skipped(run, reason);
        }
        RunResult result = RunResult.skipped(run.id(), run.workflow());
        boolean finished = Boolean.TRUE.equals(transaction.execute(status -> {
            if (!store.finish(run.id(), "skipped")) {
                return false;
            }
            publishFinished(tenant, run, result, "skipped");
            return true;
        }));
        return finished ? Optional.of(result) : Optional.empty();
    }

    private void publishFinished(TenantId tenant, Run run, RunResult result, String conclusion) {
        List<String> channels = catalog.workflow(run.workflow()).map(Workflow::channels).orElseGet(List::of);
        events.publishEvent(new WorkflowRunFinished(tenant.value(), run.id(), run.workflow(), run.source(),
                run.repository(), run.pullNumber(), run.headSha(), run.trigger(), run.author(), run.team(),
                run.project(), conclusion, result == null ? 0 : result.findings().size(),
                result == null ? 0 : result.blockingFindings().size(), bySeverity(result),
                result == null ? List.<String>of() : result.requestIds(), channels, link(run), run.startedAt(),
                store.finishedAt(run.id())));
    }

    private static Map<String, Integer> bySeverity(RunResult result) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        if (result != null) {
            result.findings().forEach(f -> counts.merge(f.severity().label(), 1, Integer::sum));
        }
        return counts;
    }

    private String link(Run run) {
        CodeHost host = hosts.get(run.source());
        return host == null ? null : host.link(run);
    }

    private static void await(Future<?> step) {
        try {
            step.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a step ran", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a step failed unexpectedly", e.getCause());
        }
    }
}
