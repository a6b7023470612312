package dev.aurelis.console;

import dev.aurelis.access.AccessDenied;
import dev.aurelis.access.Permission;
import dev.aurelis.identity.Caller;
import dev.aurelis.workflows.WorkflowRuns;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The code-review workflows' runs ({@code audit:read}, as {@code GET /api/v1/workflows/runs}): the latest runs,
 * filtered by status and workflow, and one run with its steps. A named approver (who also holds {@code code:analyze},
 * as {@code POST /api/v1/workflows/runs/{id}/approvals} requires) approves or rejects a waiting approval step here;
 * the workflows module applies the same rules as for the API.
 */
@Controller
class WorkflowRunsPage {

    static final String PATH = "/console/workflows";
    private static final int SHOWN = 100;

    private final WorkflowRuns runs;
    private final RunCosts costs;

    WorkflowRunsPage(WorkflowRuns runs, RunCosts costs) {
        this.runs = runs;
        this.costs = costs;
    }

    @GetMapping(PATH)
    String list(@RequestParam(required = false) String status, @RequestParam(required = false) String workflow,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        Caller caller = ConsoleModel.require(PATH);
        String wantedStatus = blank(status) ? null : status.strip();
        String wantedWorkflow = blank(workflow) ? null : workflow.strip();
        List<WorkflowRuns.RunSummary> recent = runs.recent(wantedStatus, wantedWorkflow, SHOWN);
        model.addAttribute("runs", recent);
        RunCosts.Priced priced = priced(caller, recent);
        // worked out here: the templates' expressions reach public types only
        model.addAttribute("costs", recent.stream().collect(Collectors.toMap(r -> r.id().toString(),
                r -> priced.total(r.requestIds()))));
        model.addAttribute("statuses", WorkflowRuns.STATUSES);
        model.addAttribute("workflows", runs.workflowNames());
        model.addAttribute("status", wantedStatus);
        model.addAttribute("workflow", wantedWorkflow);
        return "true".equals(htmx) ? "console/workflows :: results" : "console/workflows";
    }

    @GetMapping(PATH + "/{id}")
    String run(@PathVariable UUID id, @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        Caller caller = ConsoleModel.require(PATH);
        return detail(caller, id, null, htmx, model);
    }

    /** An approver's decision, from the run's page (with the session's CSRF token, as every console form). */
    @PostMapping(PATH + "/{id}/approvals")
    String decide(@PathVariable UUID id, @RequestParam(required = false) String step,
            @RequestParam(required = false) String decision, @RequestParam(required = false) String comment,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        Caller caller = ConsoleModel.require(PATH);
        if (!caller.has(Permission.CODE_ANALYZE)) {
            throw new AccessDenied("Deciding approvals needs the permission 'code:analyze', which your roles do not grant.");
        }
        if (blank(caller.email())) {
            throw new AccessDenied("Approvals are made by people: sign in as yourself.");
        }
        if (decision == null || !List.of("approve", "reject").contains(decision)) {
            throw new IllegalArgumentException("The decision must be approve or reject.");
        }
        WorkflowRuns.Decided decided = runs.decide(id, blank(step) ? null : step, caller.email(), caller.roles(),
                decision.equals("approve"), blank(comment) ? null : comment.strip());
        String message = "You " + decided.decision() + " '" + decided.step() + "'."
                + (decided.settled() ? " The step is decided; the run goes on." : " The step waits for further approvals.");
        return detail(caller, id, message, htmx, model);
    }

    private String detail(Caller caller, UUID id, String decided, String htmx, Model model) {
        WorkflowRuns.RunDetail run = runs.find(id)
                .orElseThrow(() -> new NoSuchElementException("No workflow run has the id " + id + "."));
        boolean mayApprove = caller.has(Permission.CODE_ANALYZE);
        Map<String, Boolean> decidable = run.steps().stream().collect(Collectors.toMap(WorkflowRuns.StepDetail::name,
                s -> mayApprove && runs.mayDecide(run, s, caller.email(), caller.roles()), (a, b) -> a || b));
        model.addAttribute("run", run);
        RunCosts.Priced priced = costs.of(caller.tenantId(), run.run().requestIds(), run.run().createdAt());
        model.addAttribute("runCost", priced.total(run.run().requestIds()));
        model.addAttribute("stepCosts", run.steps().stream().collect(Collectors.toMap(WorkflowRuns.StepDetail::name,
                s -> priced.total(s.requestIds()), (a, b) -> a)));
        model.addAttribute("decidable", decidable);
        model.addAttribute("decided", decided);
        model.addAttribute("open", List.of("queued", "running", "publishing").contains(run.run().status()));
        return "true".equals(htmx) ? "console/workflow-run :: run" : "console/workflow-run";
    }

    private RunCosts.Priced priced(Caller caller, List<WorkflowRuns.RunSummary> listed) {
        Instant since = listed.stream().map(WorkflowRuns.RunSummary::createdAt).min(Comparator.naturalOrder())
                .orElse(Instant.now());
        return costs.of(caller.tenantId(), listed.stream().flatMap(r -> r.requestIds().stream()).toList(), since);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
