package dev.aurelis.onboarding.store;

import dev.aurelis.onboarding.StepResult;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The onboarding runs of each tenant and their steps' outcomes (tables {@code onboarding_run}, {@code onboarding_step}). */
@Component
public class OnboardingRuns {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    OnboardingRuns(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored run. */
    public record Run(UUID id, String configDigest, String configSource, String status, Instant startedAt,
            Instant finishedAt) {
    }

    /** A stored step's outcome, with the position (1 to 12) it has in the run. */
    public record Step(int position, StepResult result) {
    }

    public Run start(TenantId tenant, String digest, String source, String actor, Instant now) {
        UUID id = UUID.randomUUID();
        TenantContext.run(tenant, () -> jdbc.sql("""
                insert into onboarding_run (tenant_id, id, config_digest, config_source, status, started_by, started_at)
                values (?, ?, ?, ?, 'running', ?, ?)""")
                .params(tenant.value(), id, digest, source, actor, Timestamp.from(now)).update());
        return new Run(id, digest, source, "running", now, null);
    }

    public void record(TenantId tenant, UUID run, int position, StepResult step, UUID carriedFrom, Instant now) {
        String result = step.result() == null ? null : JSON.writeValueAsString(step.result());
        TenantContext.run(tenant, () -> jdbc.sql("""
                insert into onboarding_step (tenant_id, run_id, position, step, status, result, error, carried_from,
                                             finished_at)
                values (?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?)""")
                .params(tenant.value(), run, position, step.step(), step.status(), result, step.error(), carriedFrom,
                        Timestamp.from(now)).update());
    }

    public void finish(TenantId tenant, UUID run, String status, Instant now) {
        TenantContext.run(tenant, () -> jdbc.sql("update onboarding_run set status = ?, finished_at = ? where id = ?")
                .params(status, Timestamp.from(now), run).update());
    }

    /** The tenant's newest run, if any. */
    public Optional<Run> latest(TenantId tenant) {
        return TenantContext.call(tenant, () -> jdbc.sql("""
                select id, config_digest, config_source, status, started_at, finished_at from onboarding_run
                order by started_at desc, id limit 1""").query(OnboardingRuns::run).optional());
    }

    public List<Step> steps(TenantId tenant, UUID run) {
        return TenantContext.call(tenant, () -> jdbc.sql("""
                select position, step, status, result::text, error, carried_from from onboarding_step
                where run_id = ? order by position""").param(run).query(OnboardingRuns::step).list());
    }

    private static Run run(ResultSet rs, int n) throws SQLException {
        Timestamp finished = rs.getTimestamp(6);
        return new Run(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getTimestamp(5).toInstant(), finished == null ? null : finished.toInstant());
    }

    private static Step step(ResultSet rs, int n) throws SQLException {
        String result = rs.getString(4);
        Map<String, Object> parsed = result == null ? null
                : JSON.readValue(result, new TypeReference<Map<String, Object>>() { });
        return new Step(rs.getInt(1), new StepResult(rs.getString(2), rs.getString(3), parsed, rs.getString(5),
                rs.getObject(6) == null ? null : Boolean.TRUE));
    }
}
