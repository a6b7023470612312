package dev.aurelis.workflows;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The runs of the code-review workflows for other modules (the console): the latest runs, one run with its steps and
 * approvals, and an approver's decision, taken by the same service and rules as
 * {@code POST /api/v1/workflows/runs/{id}/approvals}. Callers check the caller's permissions first.
 */
public interface WorkflowRuns {

    /** The statuses a run goes through, in that order ({@code cancelled} may end any open one). */
    List<String> STATUSES = List.of("queued", "running", "awaiting_approval", "publishing", "completed", "cancelled");

    /**
     * A run as listed.
     *
     * @param pullNumber null for a push to a branch and for a review from CI
     * @param requestIds the gateway exchanges of all its steps (the ledger's request ids)
     */
    record RunSummary(UUID id, String workflow, String source, String repository, Long pullNumber, String headSha,
            String title, String trigger, String author, String team, String status, String conclusion,
            Instant createdAt, Instant startedAt, Instant finishedAt, int findings, List<String> requestIds) {
    }

    record FindingLine(String file, int line, String severity, String title, String message) {
    }

    /** One person's decision on an approval step. */
    record Decision(String approver, String decision, String comment, Instant decidedAt) {
    }

    /** What an approval step waits for and what was decided so far; {@code waiting} while it is undecided. */
    record ApprovalState(List<String> approvers, int required, Instant decideBy, boolean waiting,
            List<Decision> decisions) {
    }

    /**
     * A step of a run. {@code status} is {@code pending}, {@code completed} or {@code failed}; {@code approval} is
     * null for a step run by a model.
     */
    record StepDetail(String name, String action, String model, boolean blocking, String threshold, String status,
            List<FindingLine> findings, String summary, String error, List<String> requestIds, ApprovalState approval) {
    }

    record RunDetail(RunSummary run, List<StepDetail> steps) {
    }

    /** What a decision came to: whether the step is now settled, and the run's status afterwards. */
    record Decided(String step, String decision, boolean settled, String runStatus) {
    }

    /** A decision not taken: {@code status} 403 (not an approver, or the change's author) or 409 (nothing to decide). */
    final class DecisionRefused extends RuntimeException {

        private final int status;

        public DecisionRefused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** The latest {@code limit} runs, newest first, with this status and of this workflow (null: any). */
    List<RunSummary> recent(String status, String workflow, int limit);

    Optional<RunDetail> find(UUID id);

    /** The workflows defined in the configuration and those that have runs, by name. */
    List<String> workflowNames();

    /**
     * Whether the person may decide the step now: it waits, they are among its approvers, they did not write the
     * change and have not decided on it yet.
     */
    boolean mayDecide(RunDetail run, StepDetail step, String email, Set<String> roles);

    /**
     * The runs waiting for this person's decision, newest first: a waiting approval step names them (by e-mail
     * address or role) and they may decide it now. Open to the approvers themselves, whatever else they may read.
     */
    List<RunDetail> waitingFor(String email, Set<String> roles, int limit);

    /** Whether an approval step of the run, decided or not, names the person among its approvers. */
    boolean namesApprover(RunDetail run, String email, Set<String> roles);

    /**
     * Records an approver's decision on the run's waiting approval {@code step}.
     *
     * @throws DecisionRefused            when the rules refuse it
     * @throws java.util.NoSuchElementException when there is no such run or step
     */
    Decided decide(UUID runId, String step, String email, Set<String> roles, boolean approve, String comment);
}
