package dev.aurelis.console;

import dev.aurelis.access.AccessDenied;
import dev.aurelis.access.Permission;
import dev.aurelis.identity.Caller;
import dev.aurelis.workflows.ApprovalLinks;
import dev.aurelis.workflows.WorkflowRuns;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Approvals for the people they wait on, whatever else their roles let them read: "Waiting for me" lists the runs
 * whose waiting approval steps name the signed-in person, and the decision page shows a run with its findings and
 * Approve/Reject. The page opens from that list or from the signed link of a notification; the link names the run
 * and step but grants nothing: the person must be signed in (with the second factor where the installation requires
 * one) and named among the step's approvers, and the decision goes through the same rules and audit as the API's.
 */
@Controller
class ApprovalsPage {

    static final String PATH = "/console/approvals";
    private static final int SHOWN = 100;

    private final WorkflowRuns runs;
    private final ApprovalLinks links;

    ApprovalsPage(WorkflowRuns runs, ApprovalLinks links) {
        this.runs = runs;
        this.links = links;
    }

    @GetMapping(PATH)
    String waiting(Model model) {
        Caller caller = ConsoleModel.require(PATH);
        model.addAttribute("waiting", runs.waitingFor(caller.email(), caller.roles(), SHOWN));
        return "console/approvals";
    }

    @GetMapping(PATH + "/runs/{id}")
    String run(@PathVariable UUID id, Model model) {
        Caller caller = ConsoleModel.require(PATH);
        return page(caller, visible(caller, id), null, null, PATH + "/runs/" + id, model);
    }

    @PostMapping(PATH + "/runs/{id}")
    String decideRun(@PathVariable UUID id, @RequestParam(required = false) String step,
            @RequestParam(required = false) String decision, @RequestParam(required = false) String comment,
            Model model) {
        Caller caller = ConsoleModel.require(PATH);
        visible(caller, id);
        String decided = decide(caller, id, blank(step) ? null : step, decision, comment);
        return page(caller, find(id), null, decided, PATH + "/runs/" + id, model);
    }

    /** The page a notification's link opens: the step it names, if this person may decide it now. */
    @GetMapping(PATH + "/{token}")
    String link(@PathVariable String token, Model model) {
        Caller caller = ConsoleModel.require(PATH);
        ApprovalLinks.Named named = links.open(token);
        WorkflowRuns.RunDetail run = find(named.runId());
        WorkflowRuns.StepDetail step = run.steps().stream().filter(s -> s.name().equals(named.step())
                && s.approval() != null).findFirst().orElseThrow(() -> new ApprovalLinks.LinkRefused(
                        "This approval link names no approval step of the run.", false));
        if (!step.approval().waiting() || !run.run().status().equals("awaiting_approval")) {
            throw new LinkUsed("This approval link was already used: '" + step.name() + "' is decided ("
                    + (step.error() != null ? step.error() : step.status()) + "), and the run is " + run.run().status() + ".");
        }
        if (!runs.namesApprover(run, caller.email(), caller.roles())) {
            throw new AccessDenied("You are not among the approvers of '" + step.name() + "' ("
                    + String.join(", ", step.approval().approvers()) + "); the link does not make you one.");
        }
        if (step.approval().decisions().stream().anyMatch(d -> d.approver().equalsIgnoreCase(caller.email()))) {
            throw new LinkUsed("You have already decided on '" + step.name() + "'; each approver decides once.");
        }
        return page(caller, run, step.name(), null, PATH + "/" + token, model);
    }

    @PostMapping(PATH + "/{token}")
    String decideLink(@PathVariable String token, @RequestParam(required = false) String decision,
            @RequestParam(required = false) String comment, Model model) {
        Caller caller = ConsoleModel.require(PATH);
        ApprovalLinks.Named named = links.open(token); // checked again: a link may expire while the page is open
        String decided = decide(caller, named.runId(), named.step(), decision, comment);
        return page(caller, find(named.runId()), null, decided, PATH + "/" + token, model);
    }

    /** The link's step is already decided, or this person already decided it: answered 410 with the reason. */
    static final class LinkUsed extends RuntimeException {
        LinkUsed(String message) {
            super(message);
        }
    }

    private String decide(Caller caller, UUID runId, String step, String decision, String comment) {
        if (blank(caller.email())) {
            throw new AccessDenied("Approvals are made by people: sign in as yourself.");
        }
        if (decision == null || !List.of("approve", "reject").contains(decision)) {
            throw new IllegalArgumentException("The decision must be approve or reject.");
        }
        WorkflowRuns.Decided decided = runs.decide(runId, step, caller.email(), caller.roles(),
                decision.equals("approve"), blank(comment) ? null : comment.strip());
        return "You " + decided.decision() + " '" + decided.step() + "'."
                + (decided.settled() ? " The step is decided; the run goes on." : " The step waits for further approvals.");
    }

    /** A run its approvers see here; others need {@code audit:read}, as on the runs page. */
    private WorkflowRuns.RunDetail visible(Caller caller, UUID id) {
        WorkflowRuns.RunDetail run = find(id);
        if (!runs.namesApprover(run, caller.email(), caller.roles()) && !caller.has(Permission.AUDIT_READ)) {
            throw new AccessDenied("You are not among the approvers of this run.");
        }
        return run;
    }

    private WorkflowRuns.RunDetail find(UUID id) {
        return runs.find(id).orElseThrow(() -> new NoSuchElementException("No workflow run has the id " + id + "."));
    }

    /**
     * @param only   the step a link names, or null for every step this person may decide
     * @param action where the decision form posts
     */
    private String page(Caller caller, WorkflowRuns.RunDetail run, String only, String decided, String action,
            Model model) {
        List<String> decidable = run.steps().stream()
                .filter(s -> (only == null || s.name().equals(only)) && runs.mayDecide(run, s, caller.email(), caller.roles()))
                .map(WorkflowRuns.StepDetail::name).toList();
        model.addAttribute("run", run);
        model.addAttribute("decidable", decidable);
        model.addAttribute("decided", decided);
        model.addAttribute("action", action);
        model.addAttribute("viaLink", !action.startsWith(PATH + "/runs/"));
        return "console/approval";
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
