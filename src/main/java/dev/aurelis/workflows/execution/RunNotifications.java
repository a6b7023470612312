package dev.aurelis.workflows.execution;

import dev.aurelis.alerting.Notice;
import dev.aurelis.alerting.Notifications;
import dev.aurelis.identity.SignIn;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.workflows.ApprovalLinks;
import dev.aurelis.workflows.WorkflowApprovalRequested;
import dev.aurelis.workflows.WorkflowRunFinished;
import dev.aurelis.workflows.definitions.Approval;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Tells the channels a workflow names ({@code notifications: {slack, email, teams}}) how its run ended, through the
 * alerting module's outbox: each flag sends to the alerts channel or route of the same name ({@code slack},
 * {@code email}, {@code teams}) when one is configured. A run a newer push cancelled is not announced. The run's id
 * keys the notice, so a redelivered event sends nothing twice. A request for approval carries a signed link to the
 * console page where an approver decides ({@link ApprovalLinks}).
 */
@Component
class RunNotifications {

    private final Notifications notifications;
    private final ApprovalLinks links;
    private final SignIn signIn;

    RunNotifications(Notifications notifications, ApprovalLinks links, SignIn signIn) {
        this.notifications = notifications;
        this.links = links;
        this.signIn = signIn;
    }

    /** Off the publishing thread, after the run's transaction committed; the registry redelivers on failure. */
    @Async
    @TransactionalEventListener
    void on(WorkflowRunFinished run) {
        if (run.conclusion().equals("cancelled") || run.channels().isEmpty()) {
            return;
        }
        TenantId tenant = TenantId.of(run.tenantId());
        Notice notice = notice(run);
        TenantContext.run(tenant, () -> {
            for (String channel : run.channels()) {
                if (notifications.knows(channel)) {
                    notifications.route(tenant, channel, notice, "workflow-run:" + run.runId());
                }
            }
        });
    }

    /** Asks the workflow's channels for the approval a run waits for. */
    @Async
    @TransactionalEventListener
    void on(WorkflowApprovalRequested request) {
        if (request.channels().isEmpty()) {
            return;
        }
        TenantId tenant = TenantId.of(request.tenantId());
        String key = "workflow-approval:" + request.runId() + ":" + request.step();
        TenantContext.run(tenant, () -> {
            Notice notice = notice(request, decisionLink(request));
            for (String channel : request.channels()) {
                if (notifications.knows(channel)) {
                    notifications.route(tenant, channel, notice, key);
                }
            }
        });
    }

    /**
     * The signed link to the console page where an approver decides, valid until the step's deadline; absolute when
     * {@code integrations.sso.public_url} says where people reach Aurelis.
     */
    private String decisionLink(WorkflowApprovalRequested request) {
        Instant expires = request.decideBy() != null ? request.decideBy() : Instant.now().plus(Approval.DEFAULT_TIMEOUT);
        String path = ApprovalLinks.path(links.create(request.runId(), request.step(), expires));
        URI publicUrl = signIn.settings().publicUrl();
        return publicUrl == null ? path : publicUrl.toString().replaceAll("/+$", "") + path;
    }

    static Notice notice(WorkflowApprovalRequested request, String decisionLink) {
        String change = request.repository() + (request.pullNumber() == null ? "@" + shortSha(request.headSha())
                : " #" + request.pullNumber());
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("workflow", request.workflow());
        facts.put("step", request.step());
        facts.put("approvers", String.join(", ", request.approvers()));
        facts.put("approvals needed", String.valueOf(request.required()));
        if (request.decideBy() != null) {
            facts.put("decide by", request.decideBy().toString());
        }
        if (request.author() != null) {
            facts.put("author", request.author());
        }
        if (request.url() != null) {
            facts.put("change", request.url());
        }
        facts.put("decide", decisionLink);
        facts.put("approve", "./aurelis workflows approve " + request.runId());
        // the notice's link (a channel's button) opens the decision page; signing in is still required there
        return new Notice("workflow-approval:" + request.runId() + ":" + request.step(), Notice.Kind.MESSAGE, "warning",
                "Approval needed: " + change,
                request.workflow() + " waits for " + request.required() + " approval" + (request.required() == 1 ? "" : "s")
                        + " of " + change + " (" + request.step() + ") from " + String.join(", ", request.approvers())
                        + ". Approve or reject at " + decisionLink + " (sign in as yourself), with ./aurelis workflows "
                        + "approve|reject " + request.runId() + " or POST /api/v1/workflows/runs/" + request.runId()
                        + "/approvals.",
                decisionLink, facts);
    }

    static Notice notice(WorkflowRunFinished run) {
        String change = run.repository() + (run.pullNumber() == null ? "@" + shortSha(run.headSha()) : " #" + run.pullNumber());
        String verdict = switch (run.conclusion()) {
            case "failure" -> "blocked";
            case "neutral" -> "passed with notes";
            case "skipped" -> "not reviewed";
            default -> "passed";
        };
        String severity = switch (run.conclusion()) {
            case "failure" -> "error";
            case "neutral" -> "warning";
            default -> "info";
        };
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("workflow", run.workflow());
        facts.put("repository", run.repository());
        if (run.pullNumber() != null) {
            facts.put("pull request", "#" + run.pullNumber());
        }
        facts.put("commit", shortSha(run.headSha()));
        if (run.author() != null) {
            facts.put("author", run.author());
        }
        facts.put("findings", run.findings() + " (" + run.blockingFindings() + " blocking)");
        facts.put("team", run.team());
        return new Notice("workflow-run:" + run.runId(), Notice.Kind.MESSAGE, severity,
                "Review of " + change + ": " + verdict,
                run.workflow() + " " + verdict + " " + change + " with " + run.findings() + " finding"
                        + (run.findings() == 1 ? "" : "s") + ", " + run.blockingFindings() + " blocking.",
                run.url(), facts);
    }

    private static String shortSha(String sha) {
        return sha == null ? "?" : sha.substring(0, Math.min(7, sha.length()));
    }
}
