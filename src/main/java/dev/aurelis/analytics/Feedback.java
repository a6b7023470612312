package dev.aurelis.analytics;

import dev.aurelis.spend.LedgerFeed;
import dev.aurelis.spend.LedgerFilter;
import dev.aurelis.spend.TimeRange;
import dev.aurelis.spend.UsageRecord;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Developers' feedback on the answers they got: a rating from 1 to 5 and whether they used the answer, tied to one
 * of their own requests (its team comes from the ledger). The measured acceptance share replaces the declared one in
 * the ROI figures once there is feedback; satisfaction and its weekly trend appear in team insights.
 */
@Component
public class Feedback {

    private final JdbcClient jdbc;
    private final CustomMetrics metrics;
    private final LedgerFeed feed;

    Feedback(JdbcClient jdbc, LedgerFeed feed, CustomMetrics metrics) {
        this.metrics = metrics;
        this.jdbc = jdbc;
        this.feed = feed;
    }

    /** Feedback over a period: how many answered, mean rating, share accepted, per week of the organisation. */
    public record Summary(long responses, BigDecimal meanRating, long accepted, long rejected, BigDecimal acceptedShare,
            List<Week> weeks) {
    }

    public record Week(String week, long responses, BigDecimal meanRating) {
    }

    /** Records (or replaces) {@code email}'s feedback on their request {@code requestId}. */
    public void give(String tenant, UUID userId, String email, String requestId, Integer rating, Boolean accepted,
            String comment) {
        if (requestId == null || requestId.isBlank()) {
            throw new IllegalArgumentException("'request_id' is required: the id of the request the feedback is about.");
        }
        if (rating == null && accepted == null) {
            throw new IllegalArgumentException("Give a 'rating' from 1 to 5, 'accepted' (true or false), or both.");
        }
        if (rating != null && (rating < 1 || rating > 5)) {
            throw new IllegalArgumentException("'rating' must be from 1 to 5.");
        }
        if (comment != null && comment.length() > 2000) {
            throw new IllegalArgumentException("'comment' is at most 2000 characters.");
        }
        TenantId id = TenantId.of(tenant);
        LedgerFilter own = new LedgerFilter(email, null, null, null, null, null, requestId.strip(), null);
        List<UsageRecord> records = feed.latest(id, own, new TimeRange(null, null), 1);
        if (records.isEmpty()) {
            throw new NoSuchElementException("No request '" + requestId + "' of yours; feedback is given on your own requests.");
        }
        String team = records.getFirst().team();
        Instant requestedAt = records.getFirst().createdAt();
        TenantContext.run(id, () -> jdbc.sql("""
                insert into analytics_feedback (tenant_id, id, request_id, user_id, user_email, team, rating, accepted,
                    comment, requested_at, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
                on conflict (tenant_id, request_id, user_email) do update set rating = excluded.rating,
                    accepted = excluded.accepted, comment = excluded.comment, created_at = excluded.created_at""")
                .params(tenant, UUID.randomUUID(), requestId.strip(), userId, email.toLowerCase(Locale.ROOT), team,
                        rating, accepted, comment, Timestamp.from(requestedAt))
                .update());
        metrics.feedback(tenant, records.getFirst(), email, rating, accepted);
    }

    /** Feedback on the requests made from {@code from} to {@code to} by {@code teams} (null: every team). */
    public Summary summary(String tenant, Instant from, Instant to, Set<String> teams, ZoneId zone) {
        StringBuilder where = new StringBuilder("tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(tenant));
        if (from != null) {
            where.append(" and requested_at >= ?");
            params.add(Timestamp.from(from));
        }
        if (to != null) {
            where.append(" and requested_at < ?");
            params.add(Timestamp.from(to));
        }
        if (teams != null) {
            where.append(" and team = any (?)");
            params.add(teams.toArray(String[]::new));
        }
        return TenantContext.call(TenantId.of(tenant), () -> {
            Summary total = jdbc.sql("select count(*), avg(rating), count(*) filter (where accepted), "
                    + "count(*) filter (where not accepted) from analytics_feedback where " + where)
                    .params(params).query((rs, n) -> {
                        long accepted = rs.getLong(3);
                        long rejected = rs.getLong(4);
                        return new Summary(rs.getLong(1), mean(rs.getBigDecimal(2)), accepted, rejected,
                                accepted + rejected == 0 ? null : UsageMetricsReports.ratio(accepted, accepted + rejected),
                                List.of());
                    }).single();
            List<Object> weekly = new ArrayList<>(List.of(zone.getId()));
            weekly.addAll(params);
            List<Week> weeks = jdbc.sql("select date_trunc('week', (requested_at at time zone ?))::date::text as week, "
                    + "count(*), avg(rating) from analytics_feedback where " + where + " group by 1 order by 1")
                    .params(weekly).query((rs, n) -> new Week(rs.getString(1), rs.getLong(2), mean(rs.getBigDecimal(3))))
                    .list();
            return new Summary(total.responses(), total.meanRating(), total.accepted(), total.rejected(),
                    total.acceptedShare(), weeks);
        });
    }

    private static BigDecimal mean(BigDecimal average) {
        return average == null ? null : Money.exact(average.setScale(2, java.math.RoundingMode.HALF_UP));
    }
}
