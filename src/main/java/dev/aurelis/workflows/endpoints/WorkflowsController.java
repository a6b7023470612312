package dev.aurelis.workflows.endpoints;

import dev.aurelis.access.AccessDenied;
import dev.aurelis.access.Permission;
import dev.aurelis.identity.AdminCallers;
import dev.aurelis.identity.Caller;
import dev.aurelis.workflows.definitions.Action;
import dev.aurelis.workflows.definitions.Approval;
import dev.aurelis.workflows.definitions.Conditions;
import dev.aurelis.workflows.definitions.RepositoryBinding;
import dev.aurelis.workflows.definitions.StepDefinition;
import dev.aurelis.workflows.definitions.StoredDefinitions;
import dev.aurelis.workflows.definitions.StoredWorkflow;
import dev.aurelis.workflows.definitions.Trigger;
import dev.aurelis.workflows.definitions.Workflow;
import dev.aurelis.workflows.definitions.WorkflowCatalog;
import dev.aurelis.workflows.execution.Approvals;
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
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The workflows' admin API: {@code POST /api/v1/workflows/reviews} runs a workflow on a diff from CI and answers
 * with the result ({@code blocked} when a blocking step found a problem), or 202 while the run waits for approvals
 * ({@code GET /reviews/{id}} then tells where it stands); approvers decide with {@code POST /runs/{id}/approvals};
 * the runs can be read with their steps, findings and the gateway exchanges they made, and the workflow definitions:
 * the configuration file's as they were checked at start (read-only here), and those written through
 * {@code POST}, {@code PUT} and {@code DELETE /definitions} with their versions ({@code ETag}, {@code If-Match}).
 */
@RestController
@RequestMapping("/api/v1/workflows")
class WorkflowsController {

    /** The largest diff a review takes: far beyond what the models' budgets would review. */
    static final int MAX_DIFF_CHARS = 5 * 1024 * 1024;

    private final WorkflowCatalog catalog;
    private final RunStarter runs;
    private final RunQueries queries;
    private final Approvals approvals;
    private final StoredDefinitions definitions;

    WorkflowsController(WorkflowCatalog catalog, RunStarter runs, RunQueries queries, Approvals approvals,
            StoredDefinitions definitions) {
        this.catalog = catalog;
        this.runs = runs;
        this.queries = queries;
        this.approvals = approvals;
        this.definitions = definitions;
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

    /**
     * A review's answer. {@code status} is {@code completed} with the conclusion, or {@code awaiting_approval} (202)
     * with the approvals it waits for; {@code blocked} is true until the change may go on.
     */
    record ReviewView(UUID runId, String workflow, String repository, String status, String conclusion,
            boolean blocked, List<StepResultView> steps, List<RunQueries.WaitingApproval> awaiting) {
    }

    /** {@code decision}: {@code approve} or {@code reject}; {@code step} names the approval when a run waits on several. */
    record DecisionRequest(String step, String decision, String comment) {
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
        UUID runId = UUID.randomUUID();
        Optional<RunResult> result = runs.review(runId, new NewRun(workflow, repository, null, body.base(), body.head(),
                Trigger.CI, caller.email(), body.title(), body.diff()));
        if (result.isPresent()) {
            return ResponseEntity.ok(view(result.get(), repository.name(), "completed", List.of()));
        }
        return reviewState(runId);
    }

    /** Where a review stands: what {@code POST /reviews} answered, now (a CI job waiting for an approval polls it). */
    @GetMapping("/reviews/{id}")
    ResponseEntity<?> review(@PathVariable UUID id) {
        return reviewState(id);
    }

    /** An approver approves or rejects the change a run waits for. */
    @PostMapping("/runs/{id}/approvals")
    ResponseEntity<?> decide(@PathVariable UUID id, @RequestBody(required = false) DecisionRequest body) {
        if (body == null || blank(body.decision()) || !List.of("approve", "reject").contains(body.decision())) {
            throw new IllegalArgumentException("'decision' must be approve or reject.");
        }
        Caller caller = AdminCallers.current();
        if (blank(caller.email())) {
            return error(403, "permission_error", "Approvals are made by people: use a key or session of your own.");
        }
        try {
            Approvals.Outcome outcome = approvals.decide(id, body.step(), caller.email(), caller.roles(),
                    body.decision().equals("approve"), blank(body.comment()) ? null : body.comment().strip());
            return ResponseEntity.ok(Map.of("run_id", outcome.runId(), "step", outcome.step(), "decision",
                    outcome.decision(), "settled", outcome.settled(), "run_status", outcome.runStatus()));
        } catch (Approvals.Refused refused) {
            return error(refused.status(), refused.status() == 403 ? "permission_error" : "conflict_error",
                    refused.getMessage());
        }
    }

    private ResponseEntity<?> reviewState(UUID runId) {
        RunQueries.ReviewState state = queries.review(runId)
                .orElseThrow(() -> new NoSuchElementException("No workflow run has the id " + runId + "."));
        Run run = state.run();
        if (state.result() != null && !run.open() && !run.status().equals("awaiting_approval")) {
            return ResponseEntity.ok(view(state.result(), run.repository(), run.status(), List.of()));
        }
        boolean finished = run.status().equals("completed") || run.status().equals("cancelled");
        ReviewView view = new ReviewView(run.id(), run.workflow(), run.repository(), run.status(), run.conclusion(),
                !finished || !List.of("success", "neutral", "skipped").contains(run.conclusion()), List.of(),
                state.waiting());
        return ResponseEntity.status(finished ? 200 : 202).body(view);
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

    /**
     * A workflow definition as the API shows it: its triggers, conditions, budget, steps (an approval step with its
     * approvers, a custom step with its prompt) and channels. {@code source} is {@code configuration} (the file's,
     * read-only here) or {@code api}, which also carries its version, the repositories it names and who changed it.
     */
    record DefinitionView(String name, String source, Long version, List<String> triggers, String project,
            java.math.BigDecimal budget, ConditionsView conditions, List<StepDefinitionView> steps,
            List<String> notifications, List<String> repositories, String createdBy, java.time.Instant createdAt,
            String updatedBy, java.time.Instant updatedAt) {

        static DefinitionView of(Workflow w) {
            return of(w, null);
        }

        static DefinitionView of(Workflow w, StoredWorkflow stored) {
            Conditions c = w.conditions();
            return new DefinitionView(w.name(), w.source(), stored == null ? null : stored.version(),
                    w.triggers().stream().map(Trigger::key).sorted().toList(), w.project(),
                    w.budget() == null ? null : new java.math.BigDecimal(w.budget().toPlainString()),
                    new ConditionsView(c.paths(), c.labels(), c.authors(), c.maxChangedLines()),
                    w.steps().stream().map(StepDefinitionView::of).toList(), w.channels(),
                    w.fromApi() ? w.repositories() : null, stored == null ? null : stored.createdBy(),
                    stored == null ? null : stored.createdAt(), stored == null ? null : stored.updatedBy(),
                    stored == null ? null : stored.updatedAt());
        }
    }

    record ConditionsView(List<String> paths, List<String> labels, List<String> authors, Integer maxChangedLines) {
    }

    /** {@code prompt}: a custom step's instructions (the built-in actions' own are not repeated here). */
    record StepDefinitionView(String name, String action, String model, boolean blocking, String threshold,
            String prompt, List<String> approvers, Integer approvals, String timeout) {

        static StepDefinitionView of(StepDefinition s) {
            Approval a = s.approval();
            return new StepDefinitionView(s.name(), s.action().key(), s.model(), s.blocking(), s.threshold().label(),
                    s.action() == Action.CUSTOM ? s.prompt() : null, a == null ? null : a.approvers(),
                    a == null ? null : a.required(), a == null ? null : a.describeTimeout());
        }
    }

    record DefinitionList(List<DefinitionView> definitions) {
    }

    @GetMapping("/definitions")
    DefinitionList definitions() {
        return new DefinitionList(catalog.workflows().stream()
                .map(w -> DefinitionView.of(w, catalog.stored(w.name()).filter(s -> w.fromApi()).orElse(null))).toList());
    }

    @GetMapping("/definitions/{name}")
    ResponseEntity<DefinitionView> definition(@PathVariable String name) {
        Workflow workflow = catalog.workflow(name)
                .orElseThrow(() -> new NoSuchElementException("No workflow is named '" + name + "'."));
        StoredWorkflow stored = workflow.fromApi() ? catalog.stored(name).orElse(null) : null;
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        if (stored != null) {
            answer.eTag(Long.toString(stored.version()));
        }
        return answer.body(DefinitionView.of(workflow, stored));
    }

    /**
     * Defines a workflow in the brief's shape (YAML or JSON), checked as the configuration file's are, with
     * {@code repositories} naming configured repositories it runs for and {@code budget} a monthly limit.
     */
    @PostMapping("/definitions")
    ResponseEntity<DefinitionView> createDefinition(@RequestBody(required = false) String body) {
        StoredWorkflow created = definitions.create(body, actor(writer()));
        return ResponseEntity.status(201).eTag(Long.toString(created.version()))
                .location(java.net.URI.create("/api/v1/workflows/definitions/" + created.workflow().name()))
                .body(DefinitionView.of(created.workflow(), created));
    }

    /** Replaces a definition made through the API; {@code If-Match} (or the body's {@code version}) names its version. */
    @PutMapping("/definitions/{name}")
    ResponseEntity<DefinitionView> updateDefinition(@PathVariable String name,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @RequestBody(required = false) String body) {
        StoredWorkflow updated = definitions.update(name, body, version(ifMatch), actor(writer()));
        return ResponseEntity.ok().eTag(Long.toString(updated.version())).body(DefinitionView.of(updated.workflow(), updated));
    }

    /** Deletes a definition made through the API (with {@code If-Match}, only at that version). */
    @DeleteMapping("/definitions/{name}")
    ResponseEntity<Void> deleteDefinition(@PathVariable String name,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        definitions.delete(name, version(ifMatch), actor(writer()));
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(StoredDefinitions.Refused.class)
    ResponseEntity<?> refused(StoredDefinitions.Refused refused) {
        return error(refused.status(), refused.status() == 409 ? "conflict_error" : "invalid_request_error",
                refused.getMessage());
    }

    /** Definitions are the organisation's: only an organisation-wide workflows:manage of this organisation writes them. */
    private Caller writer() {
        Caller caller = AdminCallers.current();
        if (!caller.tenantId().equals(catalog.tenant())) {
            throw new AccessDenied("The workflows here are those of another organisation.");
        }
        if (!caller.scopeOf(Permission.WORKFLOWS_MANAGE).organization()) {
            throw new AccessDenied("Changing workflow definitions requires 'workflows:manage' across the organisation.");
        }
        return caller;
    }

    private static String actor(Caller caller) {
        return caller.email() != null ? caller.email() : "key:" + caller.keyPrefix();
    }

    /** The version an {@code If-Match} header names: {@code "3"}, {@code W/"3"} or {@code 3}; null without one. */
    static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String tag = ifMatch.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        tag = tag.replace("\"", "");
        try {
            long version = Long.parseLong(tag);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("If-Match: '" + ifMatch + "' is not a version; send the ETag a GET "
                + "answered, e.g. If-Match: \"3\".");
    }

    private static ReviewView view(RunResult result, String repository, String status,
            List<RunQueries.WaitingApproval> awaiting) {
        List<StepResultView> steps = result.steps().stream().map(s -> new StepResultView(s.name(), s.action(),
                s.model(), s.blocking(), s.threshold(), s.findings().stream().map(FindingView::of).toList(),
                s.blockingFindings().size(), s.summary(), s.error(), s.requestIds())).toList();
        return new ReviewView(result.runId(), result.workflow(), repository, status, result.conclusion(),
                result.blocked(), steps, awaiting);
    }

    private static ResponseEntity<?> error(int status, String type, String message) {
        return ResponseEntity.status(status).body(Map.of("error", Map.of("message", message, "type", type)));
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
