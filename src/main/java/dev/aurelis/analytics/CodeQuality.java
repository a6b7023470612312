package dev.aurelis.analytics;

import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Code quality over time ({@code analytics.code_quality_metrics}): the findings of the code-review workflows, counted
 * per repository and severity for every review that finished with a result (cancelled and skipped runs found
 * nothing). The workflows capability reports each finished run; the figures are kept per run, so a run reported
 * twice counts once. With {@code code_quality_scores.automated_analysis} each repository and week also gets a 0–100
 * {@linkplain QualityScore score} computed from the same counts (ADR 0072).
 */
@Component
public class CodeQuality {

    /** Severities from the most to the least serious, as the workflows capability names them. */
    public static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low", "info");

    private final JdbcClient jdbc;
    private final AnalyticsSettings settings;

    CodeQuality(JdbcClient jdbc, AnalyticsSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** Findings per severity, and how many reviews they come from. */
    public record Counts(long reviews, long findings, long critical, long high, long medium, long low, long info) {
    }

    /** @param score the repository's quality score over the period; null without reviews or without scoring */
    public record Repository(String repository, Counts counts, Integer score) {
    }

    /** One week (its Monday in the organisation's zone) of one repository, with its score: the trend. */
    public record Week(String week, String repository, Counts counts, Integer score) {
    }

    /**
     * @param score   the score of every review in the period together; null without reviews or without scoring
     * @param scoring how the scores are computed; null without scoring
     */
    public record Report(Instant from, Instant to, String timeZone, Counts totals, Integer score, String scoring,
            List<Repository> repositories, List<Week> weeks) {

        /** Without the weekly series ({@code analytics.metrics.code_quality_scores.trend_analysis}). */
        public Report withoutWeeks() {
            return new Report(from, to, timeZone, totals, score, scoring, repositories, null);
        }

        /** The raw findings counts only ({@code analytics.metrics.code_quality_scores.automated_analysis} off). */
        public Report withoutScores() {
            return new Report(from, to, timeZone, totals, null, null,
                    repositories.stream().map(r -> new Repository(r.repository(), r.counts(), null)).toList(),
                    weeks == null ? null : weeks.stream().map(w -> new Week(w.week(), w.repository(), w.counts(), null))
                            .toList());
        }
    }

    /** Records a finished review run's findings; ignored while code quality metrics are off. */
    public void reviewFinished(String tenant, UUID runId, String repository, String team, String workflow,
            String conclusion, Instant finishedAt, Map<String, Integer> findingsBySeverity) {
        AnalyticsSettings.Policy policy = settings.policy();
        if (!policy.enabled() || !policy.codeQualityMetrics() || repository == null || finishedAt == null
                || !List.of("success", "neutral", "failure").contains(conclusion)) {
            return;
        }
        int[] counts = new int[SEVERITIES.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = findingsBySeverity.getOrDefault(SEVERITIES.get(i), 0);
        }
        TenantContext.run(TenantId.of(tenant), () -> jdbc.sql("""
                insert into analytics_code_quality (tenant_id, run_id, repository, team, workflow, conclusion,
                    finished_at, critical, high, medium, low, info)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (tenant_id, run_id) do nothing""")
                .params(tenant, runId, repository, team, workflow, conclusion, Timestamp.from(finishedAt), counts[0],
                        counts[1], counts[2], counts[3], counts[4])
                .update());
    }

    /**
     * Findings of the reviews finished from {@code from} to {@code to} in {@code repository} (null: every one) of
     * {@code teams} (null: every team, and reviews without one).
     */
    public Report report(String tenant, Instant from, Instant to, String repository, Set<String> teams, ZoneId zone) {
        StringBuilder where = new StringBuilder(" where tenant_id = ? and finished_at >= ? and finished_at < ?");
        List<Object> params = new ArrayList<>(List.of(tenant, Timestamp.from(from), Timestamp.from(to)));
        if (repository != null) {
            where.append(" and repository = ?");
            params.add(repository);
        }
        if (teams != null) {
            where.append(" and team = any(?)");
            params.add(teams.toArray(String[]::new));
        }
        String sums = "count(*), sum(critical), sum(high), sum(medium), sum(low), sum(info)";
        return TenantContext.call(TenantId.of(tenant), () -> {
            Counts totals = jdbc.sql("select " + sums + " from analytics_code_quality" + where).params(params)
                    .query((rs, n) -> counts(rs, 1)).single();
            List<Repository> repositories = jdbc.sql("select repository, " + sums + " from analytics_code_quality"
                            + where + " group by repository order by sum(critical + high + medium + low + info) desc,"
                            + " repository")
                    .params(params).query((rs, n) -> {
                        Counts counts = counts(rs, 2);
                        return new Repository(rs.getString(1), counts, QualityScore.of(counts));
                    }).list();
            List<Object> weekParams = new ArrayList<>(List.of(zone.getId()));
            weekParams.addAll(params);
            List<Week> weeks = jdbc.sql("select date_trunc('week', finished_at at time zone ?)::date::text, repository, "
                            + sums + " from analytics_code_quality" + where + " group by 1, 2 order by 1, 2")
                    .params(weekParams).query((rs, n) -> {
                        Counts counts = counts(rs, 3);
                        return new Week(rs.getString(1), rs.getString(2), counts, QualityScore.of(counts));
                    }).list();
            return new Report(from, to, zone.getId(), totals, QualityScore.of(totals), QualityScore.FORMULA,
                    repositories, weeks);
        });
    }

    private static Counts counts(java.sql.ResultSet rs, int first) throws java.sql.SQLException {
        long[] bySeverity = new long[SEVERITIES.size()];
        for (int i = 0; i < bySeverity.length; i++) {
            bySeverity[i] = rs.getLong(first + 1 + i);
        }
        return new Counts(rs.getLong(first), java.util.Arrays.stream(bySeverity).sum(), bySeverity[0], bySeverity[1],
                bySeverity[2], bySeverity[3], bySeverity[4]);
    }
}
