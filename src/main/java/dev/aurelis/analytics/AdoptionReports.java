package dev.aurelis.analytics;

import dev.aurelis.analytics.rollup.Key;
import dev.aurelis.analytics.rollup.RollupReader;
import dev.aurelis.analytics.rollup.Slice;
import dev.aurelis.spend.LedgerFilter;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Computes {@link Adoption} from the rollups and each person's first request. */
@Component
public class AdoptionReports {

    private final RollupReader reader;
    private final JdbcClient jdbc;

    AdoptionReports(RollupReader reader, JdbcClient jdbc) {
        this.reader = reader;
        this.jdbc = jdbc;
    }

    /**
     * @param provisioned the people within the caller's reach who hold an active account, by lower-case e-mail, with
     *                    when they were provisioned (the seats)
     */
    public Adoption adoption(String tenant, Instant from, Instant to, LedgerFilter filter, Map<String, Instant> provisioned) {
        TenantId id = TenantId.of(tenant);
        Slice slice = new Slice(id, from, to, filter == null ? LedgerFilter.ALL : filter, List.of(), false);
        Set<String> active = users(slice.grouped(List.of(Key.USER)), 0);
        Set<String> before = from == null ? Set.of() : users(new Slice(id, null, from, slice.filter(), List.of(Key.USER), false), 0);
        long returning = active.stream().filter(before::contains).count();

        List<Adoption.Group> byTool = groups(slice, Key.CLIENT_TOOL);
        List<Adoption.Group> byTeam = groups(slice, Key.TEAM);
        long seats = provisioned.size();
        return new Adoption(from, to, reader.zoneOf(id).getId(), seats, active.size(),
                seats == 0 ? null : UsageMetricsReports.ratio(active.size(), seats), active.size() - returning, returning,
                perPeriod(slice, Key.DAY), perPeriod(slice, Key.WEEK), perPeriod(slice, Key.MONTH), byTool, byTeam,
                timeToFirstUse(id, provisioned));
    }

    /** The (lower-case) people of a slice grouped by user in position {@code index}, with a request. */
    private Set<String> users(Slice slice, int index) {
        Set<String> users = new HashSet<>();
        reader.aggregate(slice).groups().forEach((key, t) -> {
            if (t.requests() > 0 && key.get(index) != null) {
                users.add(key.get(index).toLowerCase(Locale.ROOT));
            }
        });
        return users;
    }

    private List<Adoption.Active> perPeriod(Slice slice, Key period) {
        Map<String, Long> counts = new TreeMap<>();
        reader.aggregate(slice.grouped(List.of(period, Key.USER))).groups().forEach((key, t) -> {
            if (t.requests() > 0) {
                counts.merge(key.get(0), 1L, Long::sum);
            }
        });
        List<Adoption.Active> out = new ArrayList<>();
        counts.forEach((k, n) -> out.add(new Adoption.Active(k, n)));
        return out;
    }

    private List<Adoption.Group> groups(Slice slice, Key key) {
        Map<String, long[]> byName = new HashMap<>();
        reader.aggregate(slice.grouped(List.of(key, Key.USER))).groups().forEach((k, t) -> {
            long[] v = byName.computeIfAbsent(k.get(0) == null ? "(none)" : k.get(0), x -> new long[2]);
            if (t.requests() > 0) {
                v[0]++;
            }
            v[1] += t.requests();
        });
        List<Adoption.Group> out = new ArrayList<>();
        byName.forEach((name, v) -> out.add(new Adoption.Group(name, v[0], v[1])));
        out.sort(Comparator.comparingLong(Adoption.Group::users).reversed().thenComparing(Adoption.Group::name));
        return out;
    }

    /** From each person's first request the rollups have folded (seconds behind the ledger). */
    private Adoption.TimeToFirstUse timeToFirstUse(TenantId tenant, Map<String, Instant> provisioned) {
        if (provisioned.isEmpty()) {
            return new Adoption.TimeToFirstUse(0, null, null);
        }
        Map<String, Instant> firstSeen = new HashMap<>();
        TenantContext.run(tenant, () -> jdbc.sql("select lower(user_email), min(first_seen) from analytics_user_activity "
                        + "where tenant_id = ? and user_email is not null group by 1").param(tenant.value())
                .query(rs -> {
                    firstSeen.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                }));
        List<Long> minutes = new ArrayList<>();
        provisioned.forEach((email, at) -> {
            Instant first = firstSeen.get(email);
            if (first != null && at != null) {
                minutes.add(Math.max(0, Duration.between(at, first).toMinutes()));
            }
        });
        if (minutes.isEmpty()) {
            return new Adoption.TimeToFirstUse(0, null, null);
        }
        minutes.sort(null);
        return new Adoption.TimeToFirstUse(minutes.size(), hours(percentile(minutes, 50)), hours(percentile(minutes, 90)));
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static BigDecimal hours(long minutes) {
        return Money.exact(BigDecimal.valueOf(minutes).divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP));
    }
}
