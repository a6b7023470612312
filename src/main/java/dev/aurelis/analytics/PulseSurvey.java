package dev.aurelis.analytics;

import dev.aurelis.spend.LedgerFilter;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The built-in pulse survey ({@code analytics.metrics.developer_satisfaction.survey_integration}, ADR 0072): once per
 * ISO week of the organisation's time zone a person says how satisfied they are with the assistants (1 to 5) and
 * about how much time they saved that week (a bucket), with an optional comment. A second answer in the same week
 * replaces the first. Reports show the answers beside the per-request feedback, with the response rate (people who
 * answered over people active in the ledger that week).
 */
@Component
public class PulseSurvey {

    /** The answers to "about how much time did the assistants save you this week?", in order. */
    public static final Map<String, String> TIME_SAVED = timeSaved();

    /** The longest comment kept, in characters. */
    public static final int COMMENT_LIMIT = 1000;

    private final JdbcClient jdbc;
    private final UsageMetricsReports usage;

    PulseSurvey(JdbcClient jdbc, UsageMetricsReports usage) {
        this.jdbc = jdbc;
        this.usage = usage;
    }

    private static Map<String, String> timeSaved() {
        Map<String, String> buckets = new LinkedHashMap<>();
        buckets.put("none", "None");
        buckets.put("under_1h", "Less than an hour");
        buckets.put("1_to_3h", "1 to 3 hours");
        buckets.put("3_to_5h", "3 to 5 hours");
        buckets.put("over_5h", "More than 5 hours");
        return java.util.Collections.unmodifiableMap(buckets);
    }

    /** One ISO week of the organisation: {@code 2026-W49}, Monday to Sunday. */
    public record Period(String period, LocalDate starts, LocalDate ends) {

        static Period of(LocalDate day) {
            LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            return new Period(String.format(Locale.ROOT, "%d-W%02d", monday.get(IsoFields.WEEK_BASED_YEAR),
                    monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)), monday, monday.plusDays(6));
        }
    }

    /** A person's answer. */
    public record Answer(int satisfaction, String timeSaved, String comment, Instant answeredAt) {
    }

    /** This week's survey for one person: the questions' choices and their answer so far, if any. */
    public record Current(Period period, boolean answered, Answer answer, Map<String, String> timeSavedChoices,
            int commentLimit) {
    }

    /**
     * @param respondents  people who answered in the week
     * @param activePeople people with at least one request in the ledger that week (within the report's reach)
     * @param responseRate respondents over active people; null without active people (it may pass 1 when people
     *                     answer in a week they made no request)
     */
    public record PeriodSummary(String period, LocalDate starts, long respondents, long activePeople,
            BigDecimal responseRate, BigDecimal meanSatisfaction) {
    }

    /**
     * The survey's answers over a report's period, beside the per-request feedback.
     *
     * @param timeSaved answers per time-saved bucket, every bucket listed
     * @param periods   the weeks the report's period touches, oldest first: the trend
     */
    public record Summary(long respondents, long activePeople, BigDecimal responseRate, BigDecimal meanSatisfaction,
            Map<String, Long> timeSaved, List<PeriodSummary> periods) {
    }

    public Period periodAt(String tenant, Instant at) {
        return Period.of(at.atZone(usage.zoneOf(tenant)).toLocalDate());
    }

    public Current current(String tenant, String email, Instant now) {
        Period period = periodAt(tenant, now);
        Answer mine = mine(tenant, period, email).orElse(null);
        return new Current(period, mine != null, mine, TIME_SAVED, COMMENT_LIMIT);
    }

    /** Whether this week's survey waits for {@code email}'s answer. */
    public boolean waitsFor(String tenant, String email, Instant now) {
        return email != null && mine(tenant, periodAt(tenant, now), email).isEmpty();
    }

    /** Records (or replaces) {@code email}'s answer for this week. */
    public Current answer(String tenant, UUID userId, String email, String team, Integer satisfaction, String timeSaved,
            String comment, Instant now) {
        if (satisfaction == null || satisfaction < 1 || satisfaction > 5) {
            throw new IllegalArgumentException("'satisfaction' must be from 1 (very unsatisfied) to 5 (very satisfied).");
        }
        if (timeSaved == null || !TIME_SAVED.containsKey(timeSaved)) {
            throw new IllegalArgumentException("'time_saved' must be one of " + String.join(", ", TIME_SAVED.keySet()) + ".");
        }
        String kept = comment == null || comment.isBlank() ? null : comment.strip();
        if (kept != null && kept.length() > COMMENT_LIMIT) {
            throw new IllegalArgumentException("'comment' is at most " + COMMENT_LIMIT + " characters.");
        }
        if (email == null || email.isBlank()) {
            throw new IllegalArgumentException("The survey is answered by a person: use a personal key or sign in.");
        }
        Period period = periodAt(tenant, now);
        TenantContext.run(TenantId.of(tenant), () -> jdbc.sql("""
                insert into analytics_survey_response (tenant_id, period, period_start, user_email, user_id, team,
                    satisfaction, time_saved, comment, answered_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (tenant_id, period, user_email) do update set user_id = excluded.user_id,
                    team = excluded.team, satisfaction = excluded.satisfaction, time_saved = excluded.time_saved,
                    comment = excluded.comment, answered_at = excluded.answered_at""")
                .params(tenant, period.period(), Date.valueOf(period.starts()), email.toLowerCase(Locale.ROOT), userId,
                        team, satisfaction, timeSaved, kept, Timestamp.from(now))
                .update());
        return current(tenant, email, now);
    }

    private Optional<Answer> mine(String tenant, Period period, String email) {
        if (email == null) {
            return Optional.empty();
        }
        return TenantContext.call(TenantId.of(tenant), () -> jdbc.sql("""
                select satisfaction, time_saved, comment, answered_at from analytics_survey_response
                where tenant_id = ? and period = ? and user_email = ?""")
                .params(tenant, period.period(), email.toLowerCase(Locale.ROOT))
                .query((rs, n) -> new Answer(rs.getInt(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant()))
                .optional());
    }

    /**
     * The answers of the weeks that overlap {@code from} to {@code to}, of {@code teams} (null: every team, and people
     * without one); active people are counted over each whole week from the ledger with {@code filter}.
     */
    public Summary summary(String tenant, Instant from, Instant to, Set<String> teams, LedgerFilter filter) {
        ZoneId zone = usage.zoneOf(tenant);
        LocalDate first = Period.of(from.atZone(zone).toLocalDate()).starts();
        LocalDate last = Period.of(to.minusNanos(1).atZone(zone).toLocalDate()).starts();
        StringBuilder where = new StringBuilder("tenant_id = ? and period_start >= ? and period_start <= ?");
        List<Object> params = new ArrayList<>(List.of(tenant, Date.valueOf(first), Date.valueOf(last)));
        if (teams != null) {
            where.append(" and team = any (?)");
            params.add(teams.toArray(String[]::new));
        }
        record Row(String period, LocalDate starts, long respondents, BigDecimal mean) {
        }
        return TenantContext.call(TenantId.of(tenant), () -> {
            Map<String, Row> answered = new LinkedHashMap<>();
            jdbc.sql("select period, period_start, count(*), avg(satisfaction) from analytics_survey_response where "
                            + where + " group by 1, 2")
                    .params(params).query((rs, n) -> new Row(rs.getString(1), rs.getDate(2).toLocalDate(),
                            rs.getLong(3), rs.getBigDecimal(4)))
                    .list().forEach(r -> answered.put(r.period(), r));
            Map<String, Long> buckets = new LinkedHashMap<>();
            TIME_SAVED.keySet().forEach(b -> buckets.put(b, 0L));
            jdbc.sql("select time_saved, count(*) from analytics_survey_response where " + where + " group by 1")
                    .params(params).query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2))).list()
                    .forEach(e -> buckets.merge(e.getKey(), e.getValue(), Long::sum));
            // avg() over no rows is null: wrapped, since a single result may not be null
            BigDecimal overallMean = jdbc.sql("select avg(satisfaction) from analytics_survey_response where " + where)
                    .params(params).query((rs, n) -> new BigDecimal[] {rs.getBigDecimal(1)}).single()[0];

            List<PeriodSummary> periods = new ArrayList<>();
            long respondents = 0;
            long active = 0;
            Map<LocalDate, Long> activePerWeek = usage.activePeoplePerWeek(tenant, first, last, zone, filter);
            for (LocalDate week = first; !week.isAfter(last); week = week.plusWeeks(1)) {
                Period period = Period.of(week);
                Row row = answered.get(period.period());
                long people = activePerWeek.getOrDefault(week, 0L);
                long answers = row == null ? 0 : row.respondents();
                respondents += answers;
                active += people;
                periods.add(new PeriodSummary(period.period(), week, answers, people, rate(answers, people),
                        row == null ? null : mean(row.mean())));
            }
            return new Summary(respondents, active, rate(respondents, active), mean(overallMean), buckets,
                    List.copyOf(periods));
        });
    }

    private static BigDecimal rate(long respondents, long active) {
        return active == 0 ? null : UsageMetricsReports.ratio(respondents, active);
    }

    private static BigDecimal mean(BigDecimal average) {
        return average == null ? null : Money.exact(average.setScale(2, RoundingMode.HALF_UP));
    }
}
