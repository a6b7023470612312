package dev.aurelis.workflows.endpoints;

import dev.aurelis.identity.AdminCallers;
import dev.aurelis.identity.Caller;
import dev.aurelis.workflows.definitions.RepositoryBinding;
import dev.aurelis.workflows.definitions.Trigger;
import dev.aurelis.workflows.definitions.Workflow;
import dev.aurelis.workflows.definitions.WorkflowCatalog;
import dev.aurelis.workflows.execution.Finding;
import dev.aurelis.workflows.execution.NewRun;
import dev.aurelis.workflows.execution.Run;
import dev.aurelis.workflows.execution.RunQueries;
import dev.aurelis.workflows.execution.RunResult;
import dev.aurelis.workflows.execution.RunStarter;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The workflows' admin API: {@code POST /api/v1/workflows/reviews} runs a workflow on a diff from CI and answers
 * with the result ({@code blocked} when a blocking step found a problem), and the runs can be read with their
 * steps, findings and the gateway exchanges they made.
 */
@RestController
@RequestMapping("/api/v1/workflows")
class WorkflowsController {

    /** The largest diff a review takes: far beyond what the models' budgets would review. */
    static final int MAX_DIFF_CHARS = 5 * 1024 * 1024;

    private final WorkflowCatalog catalog;
    private final RunStarter runs;
    private final RunQueries queries;

    WorkflowsController(WorkflowCatalog catalog, RunStarter runs, RunQueries queries) {
        this.catalog = catalog;
        this.runs = runs;
        this.queries = queries;
    }

    /**
     * @param ci the CI system asking: {@code github_actions}, {@code jenkins}, {@code azure_devops}, {@code gitlab_ci}
     *           or another ({@code other}); see {@code integrations.cicd}
     */
    record ReviewRequest(String repository, String base, String head, String diff, String workflow, String ci,
            String title) {
    }

    record FindingView(String step, String file, int line, String severity, String title, String message) {
        static FindingView of(Finding f) {
            return new FindingView(f.step(), f.file(), f.line(), f.severity().label(), f.title(), f.message());
        }
    }

    record StepResultView(String name, String action, String model, boolean blocking, String threshold,
            List<FindingView> findings, int blockingFindings, String summary, String error, List<String> requestIds) {
    }

    record ReviewView(UUID runId, String workflow, String repository, String conclusion, boolean blocked,
            List<StepResultView> steps) {
    }

    @PostMapping("/reviews")
    ResponseEntity<?> review(@RequestBody(required = false) ReviewRequest body) {
        if (!catalog.enabled()) {
            return error(409, "conflict_error", "Code-review workflows are off here (integrations.workflows.enabled).");
        }
        if (body == null || blank(body.repository()) || blank(body.head())) {
            throw new IllegalArgumentException("'repository' and 'head' are required; send the diff in 'diff'.");
        }
        if (!catalog.ciAllowed(body.ci())) {
            return error(403, "permission_error", "Reviews from " + (blank(body.ci()) ? "CI" : "'" + body.ci() + "'")
                    + " are switched off (integrations.cicd).");
        }
        if (blank(body.diff())) {
            throw new IllegalArgumentException("'diff' is required: the output of git diff between base and head.");
        }
        if (body.diff().length() > MAX_DIFF_CHARS) {
            throw new IllegalArgumentException("The diff exceeds " + MAX_DIFF_CHARS + " characters.");
        }
        RepositoryBinding repository = catalog.repository("github", body.repository())
                .or(() -> catalog.repository("gitlab", body.repository()))
                .orElseThrow(() -> new NoSuchElementException("The repository '" + body.repository()
                        + "' is not in integrations.workflows.repositories."));
        List<Workflow> workflows = blank(body.workflow()) ? catalog.workflowsFor(repository, Trigger.CI)
                : List.of(catalog.workflow(body.workflow()).orElseThrow(() ->
                        new NoSuchElementException("No workflow is named '" + body.workflow() + "'.")));
        if (workflows.isEmpty()) {
            throw new NoSuchElementException("No workflow runs for '" + body.repository() + "'.");
        }
        Caller caller = AdminCallers.current();
        Workflow workflow = workflows.getFirst();
        Optional<RunResult> result = runs.review(new NewRun(workflow, repository, null, body.base(), body.head(),
                Trigger.CI, caller.email(), body.title(), body.diff()));
        return result.<ResponseEntity<?>>map(r -> ResponseEntity.ok(view(r, repository)))
                .orElseGet(() -> error(409, "conflict_error", "The review did not finish; see GET /api/v1/workflows/runs."));
    }

    /** A run as listed: everything but the diff it may carry. */
    record RunView(UUID id, String workflow, String source, String repository, Long pullNumber, String baseSha,
            String headSha, String trigger, String author, String title, String team, String project, String status,
            String conclusion, Long checkRunId, java.time.Instant createdAt, java.time.Instant startedAt) {
        static RunView of(Run r) {
            return new RunView(r.id(), r.workflow(), r.source(), r.repository(), r.pullNumber(), r.baseSha(),
                    r.headSha(), r.trigger(), r.author(), r.title(), r.team(), r.project(), r.status(), r.conclusion(),
                    r.checkRunId(), r.createdAt(), r.startedAt());
        }
    }

    record RunDetailView(RunView run, List<RunQueries.StepView> steps) {
    }

    @GetMapping("/runs")
    List<RunView> runs(@RequestParam(required = false) String repository,
            @RequestParam(required = false, defaultValue = "50") int limit) {
        if (limit < 1 || limit > 500) {
            throw new IllegalArgumentException("'limit' must be between 1 and 500.");
        }
        return queries.recent(repository, limit).stream().map(RunView::of).toList();
    }

    @GetMapping("/runs/{id}")
    RunDetailView run(@PathVariable UUID id) {
        return queries.find(id).map(d -> new RunDetailView(RunView.of(d.run()), d.steps())).orElseThrow(() -> new NoSuchElementException("No workflow run has the id " + id + "."));
    }

    private static ReviewView view(RunResult result, RepositoryBinding repository) {
        List<StepResultView> steps = result.steps().stream().map(s -> new StepResultView(s.name(), s.action(),
                s.model(), s.blocking(), s.threshold(), s.findings().stream().map(FindingView::of).toList(),
                s.blockingFindings().size(), s.summary(), s.error(), s.requestIds())).toList();
        return new ReviewView(result.runId(), result.workflow(), repository.name(), result.conclusion(), result.blocked(), steps);
    }

    private static ResponseEntity<?> error(int status, String type, String message) {
        return ResponseEntity.status(status).body(Map.of("error", Map.of("message", message, "type", type)));
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
