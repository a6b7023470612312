package dev.aurelis.spend;

import dev.aurelis.spend.ledger.LedgerRows;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Read access to the usage ledger for the modules that follow it (analytics' rollups, the audit trail): committed
 * records after a cursor in the order they were committed, and filtered reads by time. Every read acts for one
 * tenant (row-level security); modules never query the ledger's tables themselves.
 *
 * <p>Commit order is the order of the database transactions that wrote the records (ADR 0019). A page holds only
 * records of transactions older than every transaction still running, so a record that commits late is never
 * skipped by a reader that has moved past its neighbours; a long-running transaction anywhere on the database
 * server holds the feed back until it ends.
 */
@Component
public class LedgerFeed {

    /** The largest page {@link #after} returns. */
    public static final int MAX_PAGE = 10_000;

    // Qualified: the select list's commit_xid::text is also named commit_xid, and an unqualified order by would sort
    // that text ('10' before '9'), skip records where transaction ids gain a digit and never use the feed's index.
    private static final String FEED_ORDER = " order by spend_usage.commit_xid, spend_usage.id";
    private static final String SETTLED = " and commit_xid < pg_snapshot_xmin(pg_current_snapshot())";

    private final JdbcClient jdbc;
    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;

    LedgerFeed(JdbcClient jdbc, DataSource dataSource, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(2_000);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** Up to {@code limit} (at most {@link #MAX_PAGE}) committed records of {@code tenant} after {@code cursor}. */
    public LedgerPage after(TenantId tenant, LedgerCursor cursor, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("A ledger page holds 1 to " + MAX_PAGE + " records; asked for " + limit);
        }
        List<Object> params = new ArrayList<>(List.of(tenant.value()));
        String where = " where tenant_id = ?" + SETTLED + positionAfter(cursor, params);
        params.add(limit);
        record Row(UsageRecord record, long transaction) {
        }
        List<Row> rows = TenantContext.call(tenant, () -> jdbc.sql("select " + LedgerRows.COLUMNS
                        + ", commit_xid::text from spend_usage" + where + FEED_ORDER + " limit ?")
                .params(params)
                .query((rs, n) -> new Row(LedgerRows.record(rs), Long.parseLong(rs.getString(LedgerRows.COMMIT_COLUMN))))
                .list());
        if (rows.isEmpty()) {
            return new LedgerPage(List.of(), List.of(), cursor, false);
        }
        List<LedgerCursor> positions = rows.stream().map(r -> new LedgerCursor(r.transaction(), r.record().id())).toList();
        return new LedgerPage(rows.stream().map(Row::record).toList(), positions, positions.getLast(),
                rows.size() == limit);
    }

    /**
     * The position just after the last committed record of {@code tenant}: where a reader that wants only what comes
     * next starts (the alerting windows, which read the recent past by time instead of the whole ledger).
     */
    public LedgerCursor head(TenantId tenant) {
        return TenantContext.call(tenant, () -> jdbc.sql("select commit_xid::text, id from spend_usage where tenant_id = ?"
                        + SETTLED + " order by spend_usage.commit_xid desc, spend_usage.id desc limit 1")
                .param(tenant.value())
                .query((rs, n) -> new LedgerCursor(Long.parseLong(rs.getString(1)), rs.getObject(2, java.util.UUID.class)))
                .optional().orElse(LedgerCursor.START));
    }

    /** When the oldest record of {@code tenant} still in the ledger was made, if any. */
    public java.util.Optional<java.time.Instant> earliest(TenantId tenant) {
        return TenantContext.call(tenant, () -> jdbc.sql("select min(created_at) from spend_usage where tenant_id = ?")
                .param(tenant.value()).query((rs, n) -> LedgerRows.instant(rs.getTimestamp(1))).list().stream()
                .filter(java.util.Objects::nonNull).findFirst());
    }

    /** Records in {@code range} that come after {@code after} in commit order (committed or not yet settled). */
    public record Pending(TimeRange range, LedgerCursor after) {
    }

    /**
     * Hands every record of {@code tenant} matching {@code filter} to {@code each}: all those in {@code ranges}, and
     * those that each of {@code pending} names. A reader whose own summaries cover a range up to a cursor gets exactly
     * what they lack.
     */
    public void scan(TenantId tenant, LedgerFilter filter, List<TimeRange> ranges, List<Pending> pending,
            Consumer<UsageRecord> each) {
        List<Object> params = new ArrayList<>();
        String where = LedgerRows.where(tenant.value(), filter, params);
        StringBuilder wanted = new StringBuilder(" and ((").append(LedgerRows.within(ranges, params)).append(')');
        for (Pending p : pending) {
            if (!p.range().isEmpty()) {
                wanted.append(" or ((").append(LedgerRows.within(List.of(p.range()), params)).append(')')
                        .append(positionAfter(p.after(), params)).append(')');
            }
        }
        wanted.append(')');
        String sql = "select " + LedgerRows.COLUMNS + " from spend_usage" + where + wanted;
        TenantContext.run(tenant, () -> readOnly.executeWithoutResult(status ->
                streaming.query(sql, rs -> {
                    each.accept(LedgerRows.record(rs));
                }, params.toArray())));
    }

    /**
     * The newest {@code limit} records of {@code tenant} in {@code range} matching {@code filter}; an exchange's
     * final attempt before its earlier ones.
     */
    public List<UsageRecord> latest(TenantId tenant, LedgerFilter filter, TimeRange range, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        List<Object> params = new ArrayList<>();
        String where = LedgerRows.where(tenant.value(), filter, params) + " and (" + LedgerRows.within(List.of(range), params) + ")";
        params.add(limit);
        return TenantContext.call(tenant, () -> jdbc.sql("select " + LedgerRows.COLUMNS + " from spend_usage" + where
                        + " order by created_at desc, attempt desc, id limit ?")
                .params(params).query((rs, n) -> LedgerRows.record(rs)).list());
    }

    /** What the ledger charged for one exchange: every attempt of it, in the currency it was priced in. */
    public record ExchangeCost(String requestId, java.math.BigDecimal cost, String currency) {
    }

    /**
     * The cost of each of the exchanges named by their request ids, recorded at or after {@code since} (which bounds
     * the ledger's partitions read); an exchange not in the ledger is left out.
     */
    public List<ExchangeCost> costs(TenantId tenant, java.util.Collection<String> requestIds, java.time.Instant since) {
        if (requestIds.isEmpty()) {
            return List.of();
        }
        return TenantContext.call(tenant, () -> jdbc.sql("""
                select request_id, sum(cost) as cost, currency from spend_usage
                where tenant_id = ? and created_at >= ? and request_id = any(?)
                group by request_id, currency
                """).params(tenant.value(), java.sql.Timestamp.from(since), requestIds.toArray(String[]::new))
                .query((rs, n) -> new ExchangeCost(rs.getString("request_id"), rs.getBigDecimal("cost"),
                        rs.getString("currency"))).list());
    }

    private static String positionAfter(LedgerCursor cursor, List<Object> params) {
        if (cursor.isStart()) {
            return "";
        }
        params.add(Long.toString(cursor.transaction()));
        params.add(cursor.id());
        return " and (commit_xid, id) > (?::xid8, ?)";
    }
}
