package dev.aurelis.workflows.execution;

import dev.aurelis.workflows.definitions.Action;
import dev.aurelis.workflows.definitions.Approval;
import dev.aurelis.workflows.definitions.Severity;
import dev.aurelis.workflows.definitions.StepDefinition;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * The workflows' tables: deliveries seen, runs, their steps, approval decisions and the summary comment of each pull
 * request. Every call acts for the current tenant (row-level security); the caller sets it.
 */
@Component
class RunStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String RUN_COLUMNS = """
            id, workflow, source, repository, pull_number, base_sha, head_sha, trigger, author, title, team, project,
            status, conclusion, check_run_id, review_id, diff, created_at, started_at, finished_at""";

    private final JdbcClient jdbc;

    RunStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Notes a webhook delivery; false when it was seen before (a redelivery or a replay). */
    boolean firstDelivery(String tenant, String source, String deliveryId) {
        return jdbc.sql("""
                insert into workflows_delivery (tenant_id, source, delivery_id) values (?, ?, ?) on conflict do nothing
                """).params(tenant, source, deliveryId).update() == 1;
    }

    /** Stores a queued run with its steps pending; the caller's transaction covers both. */
    void insert(String tenant, UUID id, NewRun run) {
        jdbc.sql("""
                insert into workflows_run (tenant_id, id, workflow, source, repository, pull_number, base_sha, head_sha,
                    trigger, author, title, team, project, status, diff, heartbeat_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, clock_timestamp())
                """).params(tenant, id, run.workflow().name(), run.trigger().name().equals("CI") ? "ci"
                        : run.repository().source(), run.repository().name(), run.pullNumber(), run.baseSha(),
                run.headSha(), run.trigger().key(), run.author(), run.title(), run.repository().team(),
                run.project(), run.diff()).update();
        List<StepDefinition> steps = run.workflow().steps();
        for (int i = 0; i < steps.size(); i++) {
            StepDefinition step = steps.get(i);
            Approval approval = step.approval();
            jdbc.sql("""
                    insert into workflows_step (tenant_id, run_id, position, name, action, model, blocking, threshold,
                        prompt, status, approvers, required_approvals, approval_timeout_seconds)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)
                    """).params(tenant, id, i, step.name(), step.action().key(), step.model(), step.blocking(),
                    step.threshold().label(), step.prompt(),
                    approval == null ? null : approval.approvers().toArray(String[]::new),
                    approval == null ? null : approval.required(),
                    approval == null ? null : approval.timeout().toSeconds()).update();
        }
    }

    /** Cancels the open runs of the same workflow on the same pull request, older than {@code newer}; their ids. */
    List<UUID> cancelOlder(String tenant, UUID newer, NewRun run, String source) {
        if (run.pullNumber() == null) {
            return List.of();
        }
        return jdbc.sql("""
                update workflows_run set status = 'cancelled', conclusion = 'cancelled', finished_at = clock_timestamp()
                where tenant_id = ? and source = ? and repository = ? and pull_number = ? and workflow = ? and id <> ?
                  and status in ('queued', 'running', 'publishing', 'awaiting_approval')
                returning id
                """).params(tenant, source, run.repository().name(), run.pullNumber(), run.workflow().name(), newer)
                .query(UUID.class).list();
    }

    Optional<Run> find(UUID id) {
        return jdbc.sql("select " + RUN_COLUMNS + " from workflows_run where id = ?").param(id)
                .query(RunStore::run).optional();
    }

    List<Run> recent(String repository, int limit) {
        if (repository == null) {
            return jdbc.sql("select " + RUN_COLUMNS + " from workflows_run order by created_at desc limit ?")
                    .param(limit).query(RunStore::run).list();
        }
        return jdbc.sql("select " + RUN_COLUMNS + " from workflows_run where repository = ? order by created_at desc limit ?")
                .params(repository, limit).query(RunStore::run).list();
    }

    /**
     * The latest runs with the given status and workflow (null: any), each with its findings counted and its steps'
     * gateway exchanges: one query for a page of runs.
     */
    List<ListedRun> listed(String status, String workflow, int limit) {
        return jdbc.sql("select " + RUN_COLUMNS + """
                , (select coalesce(sum(jsonb_array_length(s.findings)), 0) from workflows_step s
                     where s.tenant_id = r.tenant_id and s.run_id = r.id) as findings_count,
                  (select coalesce(array_agg(x), '{}') from workflows_step s, unnest(s.request_ids) x
                     where s.tenant_id = r.tenant_id and s.run_id = r.id) as all_request_ids
                from workflows_run r
                where (cast(? as text) is null or r.status = ?) and (cast(? as text) is null or r.workflow = ?)
                order by r.created_at desc limit ?
                """).params(status, status, workflow, workflow, limit).query((rs, n) -> {
                    Array ids = rs.getArray("all_request_ids");
                    return new ListedRun(run(rs, n), rs.getInt("findings_count"),
                            ids == null ? List.of() : Arrays.asList((String[]) ids.getArray()));
                }).list();
    }

    /** The workflows that have runs, by name. */
    List<String> workflowsRun() {
        return jdbc.sql("select distinct workflow from workflows_run order by workflow").query(String.class).list();
    }

    List<StepState> steps(UUID runId) {
        return jdbc.sql("""
                select position, name, action, model, blocking, threshold, prompt, status, findings, output, error,
                    request_ids, approvers, required_approvals, approval_timeout_seconds, decide_by
                from workflows_step where run_id = ? order by position
                """).param(runId).query((rs, n) -> step(rs)).list();
    }

    /** The step, locked until the caller's transaction ends: its approvals are counted one decision at a time. */
    Optional<StepState> lockStep(UUID runId, int position) {
        return jdbc.sql("""
                select position, name, action, model, blocking, threshold, prompt, status, findings, output, error,
                    request_ids, approvers, required_approvals, approval_timeout_seconds, decide_by
                from workflows_step where run_id = ? and position = ? for update
                """).params(runId, position).query((rs, n) -> step(rs)).optional();
    }

    /**
     * The run waits for its approval steps: its status says so and each waiting step gets the time it must be
     * decided by (once: a run resumed and waiting again keeps its deadline). False when the run is no longer open.
     */
    boolean awaitApproval(UUID id) {
        if (jdbc.sql("update workflows_run set status = 'awaiting_approval' where id = ? and status in ('queued', 'running')")
                .param(id).update() != 1) {
            return false;
        }
        jdbc.sql("""
                update workflows_step set decide_by = clock_timestamp() + make_interval(secs => approval_timeout_seconds),
                    started_at = coalesce(started_at, clock_timestamp())
                where run_id = ? and status = 'pending' and approval_timeout_seconds is not null and decide_by is null
                """).param(id).update();
        return true;
    }

    /** Records one person's decision on an approval step; false when they had already decided. */
    boolean decide(String tenant, UUID runId, int position, String approver, String decision, String comment) {
        return jdbc.sql("""
                insert into workflows_approval (tenant_id, run_id, position, approver, decision, comment)
                values (?, ?, ?, ?, ?, ?) on conflict do nothing
                """).params(tenant, runId, position, approver, decision, comment).update() == 1;
    }

    List<ApprovalDecision> decisions(UUID runId) {
        return jdbc.sql("""
                select position, approver, decision, comment, decided_at from workflows_approval
                where run_id = ? order by decided_at, approver
                """).param(runId).query((rs, n) -> new ApprovalDecision(rs.getInt("position"), rs.getString("approver"),
                rs.getString("decision"), rs.getString("comment"), instant(rs.getTimestamp("decided_at")))).list();
    }

    /** The approval steps whose time to decide has passed: (run, position) pairs. */
    List<Map.Entry<UUID, Integer>> overdueApprovals() {
        return jdbc.sql("""
                select run_id, position from workflows_step
                where status = 'pending' and decide_by is not null and decide_by <= clock_timestamp()
                order by decide_by limit 100
                """).query((rs, n) -> Map.entry(rs.getObject("run_id", UUID.class), rs.getInt("position"))).list();
    }

    /** Takes a run that waited for approvals up again; false when it was not waiting (cancelled, or taken already). */
    boolean resumeAfterApproval(UUID id) {
        return jdbc.sql("""
                update workflows_run set status = 'running', heartbeat_at = clock_timestamp()
                where id = ? and status = 'awaiting_approval'
                """).param(id).update() == 1;
    }

    /** Marks the run running (again, after a restart); false when it is no longer open. */
    boolean start(UUID id) {
        return jdbc.sql("""
                update workflows_run set status = case when status = 'publishing' then status else 'running' end,
                    started_at = coalesce(started_at, clock_timestamp()), heartbeat_at = clock_timestamp()
                where id = ? and status in ('queued', 'running', 'publishing')
                """).param(id).update() == 1;
    }

    void heartbeat(List<UUID> ids) {
        if (!ids.isEmpty()) {
            jdbc.sql("update workflows_run set heartbeat_at = clock_timestamp() where id = any(?) "
                    + "and status in ('queued', 'running', 'publishing')").param(ids.toArray(UUID[]::new)).update();
        }
    }

    /** Takes over an open run whose process stopped beating; false when another process has it. */
    boolean claim(UUID id, Duration staleAfter) {
        return jdbc.sql("""
                update workflows_run set heartbeat_at = clock_timestamp()
                where id = ? and status in ('queued', 'running', 'publishing')
                  and (heartbeat_at is null or heartbeat_at <= clock_timestamp() - make_interval(secs => ?))
                """).params(id, (double) staleAfter.toMillis() / 1000).update() == 1;
    }

    List<UUID> stale(Duration staleAfter) {
        return jdbc.sql("""
                select id from workflows_run where status in ('queued', 'running', 'publishing')
                  and (heartbeat_at is null or heartbeat_at <= clock_timestamp() - make_interval(secs => ?))
                order by created_at limit 100
                """).param((double) staleAfter.toMillis() / 1000).query(UUID.class).list();
    }

    boolean cancelled(UUID id) {
        return jdbc.sql("select status = 'cancelled' from workflows_run where id = ?").param(id)
                .query(Boolean.class).optional().orElse(true);
    }

    void checkRun(UUID id, long checkRunId) {
        jdbc.sql("update workflows_run set check_run_id = ? where id = ?").params(checkRunId, id).update();
    }

    void review(UUID id, long reviewId) {
        jdbc.sql("update workflows_run set review_id = ? where id = ?").params(reviewId, id).update();
    }

    /** Stores the step's outcome; false when it already had one (an approval decided twice at once). */
    boolean completeStep(UUID runId, int position, StepOutcome outcome) {
        return jdbc.sql("""
                update workflows_step set status = ?, findings = ?::jsonb, output = ?, error = ?,
                    request_ids = ?, started_at = coalesce(started_at, clock_timestamp()), finished_at = clock_timestamp()
                where run_id = ? and position = ? and status = 'pending'
                """).params(outcome.failed() ? "failed" : "completed", findingsJson(outcome.findings()),
                outcome.output(), outcome.error(), outcome.requestIds().toArray(String[]::new), runId, position)
                .update() == 1;
    }

    boolean publishing(UUID id) {
        return jdbc.sql("update workflows_run set status = 'publishing' where id = ? and status in ('queued', 'running', 'publishing')")
                .param(id).update() == 1;
    }

    /** Completes the run with its conclusion; false when it was cancelled meanwhile. */
    boolean finish(UUID id, String conclusion) {
        return jdbc.sql("""
                update workflows_run set status = 'completed', conclusion = ?, finished_at = clock_timestamp()
                where id = ? and status in ('queued', 'running', 'publishing')
                """).params(conclusion, id).update() == 1;
    }

    Instant finishedAt(UUID id) {
        return jdbc.sql("select coalesce(finished_at, clock_timestamp()) from workflows_run where id = ?").param(id)
                .query(Timestamp.class).single().toInstant();
    }

    Optional<Long> summaryComment(String source, String repository, long pullNumber, String workflow) {
        return jdbc.sql("""
                select comment_id from workflows_summary_comment
                where source = ? and repository = ? and pull_number = ? and workflow = ?
                """).params(source, repository, pullNumber, workflow).query(Long.class).optional();
    }

    void summaryComment(String tenant, String source, String repository, long pullNumber, String workflow, long commentId) {
        jdbc.sql("""
                insert into workflows_summary_comment (tenant_id, source, repository, pull_number, workflow, comment_id)
                values (?, ?, ?, ?, ?, ?)
                on conflict (tenant_id, source, repository, pull_number, workflow) do update set comment_id = excluded.comment_id
                """).params(tenant, source, repository, pullNumber, workflow, commentId).update();
    }

    private static String findingsJson(List<Finding> findings) {
        ArrayNode array = JSON.createArrayNode();
        for (Finding f : findings) {
            array.addObject().put("file", f.file()).put("line", f.line()).put("severity", f.severity().label())
                    .put("title", f.title()).put("message", f.message());
        }
        return JSON.writeValueAsString(array);
    }

    private static Run run(ResultSet rs, int row) throws SQLException {
        return new Run(rs.getObject("id", UUID.class), rs.getString("workflow"), rs.getString("source"),
                rs.getString("repository"), (Long) rs.getObject("pull_number"), rs.getString("base_sha"),
                rs.getString("head_sha"), rs.getString("trigger"), rs.getString("author"), rs.getString("title"),
                rs.getString("team"), rs.getString("project"), rs.getString("status"), rs.getString("conclusion"),
                (Long) rs.getObject("check_run_id"), (Long) rs.getObject("review_id"), rs.getString("diff"),
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")));
    }

    private static StepState step(ResultSet rs) throws SQLException {
        String name = rs.getString("name");
        Action action = Action.of(rs.getString("action")).orElse(Action.CUSTOM);
        Array approvers = rs.getArray("approvers");
        Approval approval = action.asksPeople() && approvers != null
                ? new Approval(Arrays.asList((String[]) approvers.getArray()), rs.getInt("required_approvals"),
                        Duration.ofSeconds(rs.getLong("approval_timeout_seconds")))
                : null;
        StepDefinition definition = new StepDefinition(name, action, rs.getString("model"), rs.getBoolean("blocking"),
                Severity.of(rs.getString("threshold")), rs.getString("prompt"), approval);
        String status = rs.getString("status");
        StepOutcome outcome = null;
        if (!status.equals("pending")) {
            List<Finding> findings = new ArrayList<>();
            for (JsonNode f : JSON.readTree(rs.getString("findings"))) {
                findings.add(new Finding(name, f.path("file").asString(null), f.path("line").asInt(0),
                        Severity.of(f.path("severity").asString(null)), f.path("title").asString(null),
                        f.path("message").asString("")));
            }
            Array ids = rs.getArray("request_ids");
            outcome = new StepOutcome(findings, action.summarises() || action.asksPeople() ? rs.getString("output") : null,
                    ids == null ? List.of() : Arrays.asList((String[]) ids.getArray()), rs.getString("error"));
        }
        return new StepState(rs.getInt("position"), definition, status, outcome, instant(rs.getTimestamp("decide_by")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
