package dev.aurelis.analytics.rollup;

import dev.aurelis.spend.LedgerCursor;
import dev.aurelis.spend.LedgerFeed;
import dev.aurelis.spend.LedgerPage;
import dev.aurelis.spend.UsageRecord;
import dev.aurelis.tenancy.Organization;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps a tenant's rollups in step with the ledger: reads the ledger feed after each grain's cursor and folds every
 * page into the grain's facts in the same transaction that moves the cursor, so each record is counted exactly once
 * however often this runs or wherever it stops. When the organisation's time zone changes, the daily grain is
 * folded again from the start of the ledger in the new zone; days older than the oldest ledger record keep the
 * zone they were cut in.
 */
@Component
public class Rollups {

    private static final Logger log = LoggerFactory.getLogger(Rollups.class);

    /** Records folded per transaction. */
    static final int PAGE = 5_000;

    private final LedgerFeed feed;
    private final Organizations organizations;
    private final RollupStore store;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final List<FoldedRecords> observers;
    /** Set while a rebuild folds records that were folded before: observers have heard of them already. */
    private final ThreadLocal<Boolean> refolding = ThreadLocal.withInitial(() -> false);

    Rollups(LedgerFeed feed, Organizations organizations, RollupStore store, JdbcClient jdbc,
            TransactionTemplate transactions, List<FoldedRecords> observers) {
        this.observers = List.copyOf(observers);
        this.feed = feed;
        this.organizations = organizations;
        this.store = store;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** The organisation's time zone, where its days begin (UTC when it names none or an unknown one). */
    public ZoneId zoneOf(TenantId tenant) {
        return TenantContext.call(tenant, () -> organizations.organization(tenant).map(Organization::timeZone)
                .map(Rollups::zone).orElse(ZoneOffset.UTC));
    }

    private static ZoneId zone(String id) {
        try {
            return id == null || id.isBlank() ? ZoneOffset.UTC : ZoneId.of(id);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    /** Folds everything the feed has for every tenant; returns the number of records folded. */
    public long catchUpAll() {
        long folded = 0;
        for (TenantId tenant : organizations.tenants()) {
            try {
                folded += catchUp(tenant);
            } catch (RuntimeException e) {
                log.error("Could not bring the rollups of tenant '{}' up to date; trying again next round", tenant, e);
            }
        }
        return folded;
    }

    /** Folds every page the feed has for {@code tenant}; returns the number of records folded into either grain. */
    public long catchUp(TenantId tenant) {
        ZoneId zone = zoneOf(tenant);
        Map<Grain, RollupState> states = states(tenant);
        deriveMissingCubes(tenant, states);
        if (!zone.equals(states.get(Grain.DAILY).zone())) {
            refoldDays(tenant, states.get(Grain.DAILY).zone(), zone);
        }
        long folded = 0;
        while (true) {
            Folded page = TenantContext.call(tenant, () -> transactions.execute(status -> foldPage(tenant, zone)));
            folded += page.records();
            if (!page.more()) {
                return folded;
            }
        }
    }

    private record Folded(int records, boolean more) {
    }

    /**
     * Folds one page after the grain furthest behind, into each grain that has not folded its records yet.
     */
    private Folded foldPage(TenantId tenant, ZoneId zone) {
        Map<Grain, RollupState> states = lockedStates(tenant);
        LedgerCursor from = states.values().stream().map(RollupState::cursor).min(LedgerCursor::compareTo).orElseThrow();
        LedgerPage page = feed.after(tenant, from, PAGE);
        if (page.isEmpty()) {
            return new Folded(0, false);
        }
        for (RollupState state : states.values()) {
            List<UsageRecord> unfolded = after(page, state.cursor());
            store.fold(tenant.value(), state.grain(), zone, unfolded);
            if (state.grain() == Grain.HOURLY) {
                store.touchUsers(tenant.value(), unfolded);
                if (!refolding.get() && !unfolded.isEmpty() && !observers.isEmpty()) {
                    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                        @Override
                        public void afterCommit() {
                            observers.forEach(o -> o.folded(tenant, unfolded));
                        }
                    });
                }
            }
            if (page.next().compareTo(state.cursor()) > 0) {
                saveCursor(tenant, state.grain(), page.next(), zone);
            }
        }
        return new Folded(page.records().size(), page.full());
    }

    /** The page's records that come after {@code cursor}. */
    private static List<UsageRecord> after(LedgerPage page, LedgerCursor cursor) {
        List<UsageRecord> unfolded = new ArrayList<>();
        for (int i = 0; i < page.records().size(); i++) {
            if (page.positions().get(i).compareTo(cursor) > 0) {
                unfolded.add(page.records().get(i));
            }
        }
        return unfolded;
    }

    /**
     * Fills the cubes an upgrade added (their facts start empty while the other cubes hold the folded ledger) from
     * the {@code DETAIL} cube, which has every dimension: sketches merge exactly, so the derived facts are those
     * folding every record would have written. Until a cube is complete, reports read a larger one.
     */
    private void deriveMissingCubes(TenantId tenant, Map<Grain, RollupState> states) {
        for (RollupState state : states.values()) {
            for (Cube cube : Cube.values()) {
                if (state.cubes().contains(cube)) {
                    continue;
                }
                long facts = TenantContext.call(tenant, () -> transactions.execute(status -> {
                    if (lockedStates(tenant).get(state.grain()).cubes().contains(cube)) {
                        return 0L;
                    }
                    long derived = store.derive(tenant.value(), state.grain(), cube, Cube.DETAIL);
                    jdbc.sql("""
                            update analytics_rollup_state set cubes = array_append(cubes, ?::smallint)
                            where tenant_id = ? and grain = ?""")
                            .params(cube.id(), tenant.value(), state.grain().stateName()).update();
                    return derived;
                }));
                log.info("Tenant '{}': the {} rollups of the {} cube were derived from the detail cube ({} facts)",
                        tenant, state.grain().stateName(), cube.name().toLowerCase(java.util.Locale.ROOT), facts);
            }
        }
    }

    /** Each grain's state, created at the start of the ledger when missing. */
    public Map<Grain, RollupState> states(TenantId tenant) {
        return TenantContext.call(tenant, () -> transactions.execute(status -> {
            ZoneId zone = zoneOf(tenant);
            for (Grain grain : Grain.values()) {
                jdbc.sql("""
                        insert into analytics_rollup_state (tenant_id, grain, time_zone) values (?, ?, ?)
                        on conflict (tenant_id, grain) do nothing""")
                        .params(tenant.value(), grain.stateName(), zone.getId()).update();
            }
            return read(tenant, false);
        }));
    }

    /**
     * Each grain's state as the current transaction sees it, without creating any (a grain that never ran is at the
     * start of the ledger, in the organisation's zone).
     */
    public Map<Grain, RollupState> currentStates(TenantId tenant) {
        Map<Grain, RollupState> states = TenantContext.call(tenant, () -> read(tenant, false));
        if (states.size() < Grain.values().length) {
            ZoneId zone = zoneOf(tenant);
            for (Grain grain : Grain.values()) {
                states.putIfAbsent(grain, new RollupState(grain, LedgerCursor.START, zone));
            }
        }
        return states;
    }

    private Map<Grain, RollupState> lockedStates(TenantId tenant) {
        return read(tenant, true);
    }

    private Map<Grain, RollupState> read(TenantId tenant, boolean lock) {
        Map<Grain, RollupState> states = new EnumMap<>(Grain.class);
        jdbc.sql("select grain, cursor_xid, cursor_id, time_zone, cubes from analytics_rollup_state where tenant_id = ?"
                        + " order by grain" + (lock ? " for update" : ""))
                .param(tenant.value())
                .query(rs -> {
                    Grain grain = Grain.valueOf(rs.getString(1).toUpperCase(java.util.Locale.ROOT));
                    UUID id = rs.getObject(3, UUID.class);
                    LedgerCursor cursor = id == null ? LedgerCursor.START : new LedgerCursor(rs.getLong(2), id);
                    Set<Cube> cubes = EnumSet.noneOf(Cube.class);
                    for (Object cube : (Object[]) rs.getArray(5).getArray()) {
                        cubes.add(Cube.byId(((Number) cube).intValue()));
                    }
                    states.put(grain, new RollupState(grain, cursor, zone(rs.getString(4)), cubes));
                });
        return states;
    }

    private void saveCursor(TenantId tenant, Grain grain, LedgerCursor cursor, ZoneId zone) {
        jdbc.sql("""
                update analytics_rollup_state set cursor_xid = ?, cursor_id = ?, time_zone = ?, updated_at = now()
                where tenant_id = ? and grain = ?""")
                .params(cursor.transaction(), cursor.id(), zone.getId(), tenant.value(), grain.stateName()).update();
    }

    /**
     * Cuts the days again in {@code zone}: the daily facts from the day (in the old zone) of the oldest ledger
     * record on are dropped and the daily grain folds the ledger again from its start.
     */
    private void refoldDays(TenantId tenant, ZoneId oldZone, ZoneId zone) {
        TenantContext.run(tenant, () -> transactions.executeWithoutResult(status -> {
            lockedStates(tenant);
            feed.earliest(tenant).ifPresent(oldest -> jdbc.sql(
                            "delete from analytics_usage_daily where tenant_id = ? and day >= ?")
                    .params(tenant.value(), oldest.atZone(oldZone).toLocalDate()).update());
            jdbc.sql("""
                    update analytics_rollup_state set cursor_xid = 0, cursor_id = null, time_zone = ?, updated_at = now()
                    where tenant_id = ? and grain = 'daily'""").params(zone.getId(), tenant.value()).update();
        }));
        log.info("Tenant '{}' now cuts its days in {} (was {}): its daily rollups are folded again from the ledger",
                tenant, zone, oldZone);
    }

    /**
     * Builds {@code tenant}'s rollups again from the ledger (for example after restoring a backup). Facts older than
     * the oldest ledger record are kept: their records are no longer in the ledger.
     */
    public long rebuild(TenantId tenant) {
        ZoneId zone = zoneOf(tenant);
        states(tenant);
        TenantContext.run(tenant, () -> transactions.executeWithoutResult(status -> {
            Map<Grain, RollupState> states = lockedStates(tenant);
            feed.earliest(tenant).ifPresent(oldest -> {
                jdbc.sql("delete from analytics_usage_hourly where tenant_id = ? and bucket >= ?")
                        .params(tenant.value(), Timestamp.from(oldest.truncatedTo(ChronoUnit.HOURS))).update();
                jdbc.sql("delete from analytics_usage_daily where tenant_id = ? and day >= ?")
                        .params(tenant.value(), oldest.atZone(states.get(Grain.DAILY).zone()).toLocalDate()).update();
                jdbc.sql("delete from analytics_user_activity where tenant_id = ? and first_seen >= ?")
                        .params(tenant.value(), Timestamp.from(oldest)).update();
            });
            jdbc.sql("""
                    update analytics_rollup_state set cursor_xid = 0, cursor_id = null, time_zone = ?, updated_at = now()
                    where tenant_id = ?""").params(zone.getId(), tenant.value()).update();
        }));
        refolding.set(true);
        try {
            return catchUp(tenant);
        } finally {
            refolding.remove();
        }
    }

    /** Drops hourly facts from before {@code hoursBefore} and daily facts from before {@code daysBefore}. */
    public void expire(TenantId tenant, Instant hoursBefore, LocalDate daysBefore) {
        TenantContext.run(tenant, () -> {
            if (hoursBefore != null) {
                jdbc.sql("delete from analytics_usage_hourly where tenant_id = ? and bucket < ?")
                        .params(tenant.value(), Timestamp.from(hoursBefore)).update();
            }
            if (daysBefore != null) {
                jdbc.sql("delete from analytics_usage_daily where tenant_id = ? and day < ?")
                        .params(tenant.value(), daysBefore).update();
            }
        });
    }
}
