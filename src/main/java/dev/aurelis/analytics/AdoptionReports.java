package dev.aurelis.analytics;

import dev.aurelis.identity.ServiceIdentities;
import dev.aurelis.analytics.rollup.Key;
import dev.aurelis.analytics.rollup.RollupReader;
import dev.aurelis.analytics.rollup.Slice;
import dev.aurelis.analytics.rollup.Tally;
import dev.aurelis.spend.LedgerFilter;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
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
        return adoption(new SharedReads(reader), tenant, from, to, filter, provisioned);
    }

    /** The same, reading through {@code reads} (a report of which adoption is a part shares its reads). */
    Adoption adoption(SharedReads reads, String tenant, Instant from, Instant to, LedgerFilter filter,
            Map<String, Instant> provisioned) {
        TenantId id = TenantId.of(tenant);
        Slice slice = new Slice(id, from, to, filter == null ? LedgerFilter.ALL : filter, List.of(), false);
        // Two reads of the person cube answer everything about the period: people by tool and team, and people by
        // day (weeks and months are unions of their days); a third the people seen before it. None needs another's
        // answer, so they are made at the same time.
        Map<List<String>, Tally> byToolTeamUser;
        Map<List<String>, Tally> byDayUser;
        Set<String> before;
        try (Concurrently parts = new Concurrently()) {
            var toolTeamUserPart = parts.start(() -> reads.aggregate(
                    slice.counted(List.of(Key.CLIENT_TOOL, Key.TEAM, Key.USER))).groups());
            var dayUserPart = parts.start(() -> reads.aggregate(slice.counted(List.of(Key.DAY, Key.USER))).groups());
            var beforePart = parts.start(() -> from == null ? Set.<String>of()
                    : users(reads, new Slice(id, null, from, slice.filter(), List.of(Key.USER), false), 0));
            byToolTeamUser = toolTeamUserPart.join();
            byDayUser = dayUserPart.join();
            before = beforePart.join();
        }
        Map<List<String>, Tally> all = byToolTeamUser;
        // workflows' own accounts are reported apart, never as people
        byToolTeamUser = people(all, 2);
        byDayUser = people(byDayUser, 1);
        Set<String> active = new HashSet<>();
        byToolTeamUser.forEach((key, t) -> {
            if (t.requests() > 0 && key.get(2) != null) {
                active.add(key.get(2).toLowerCase(Locale.ROOT));
            }
        });
        long returning = active.stream().filter(before::contains).count();

        List<Adoption.Group> byTool = groups(byToolTeamUser, 0);
        List<Adoption.Group> byTeam = groups(byToolTeamUser, 1);
        long seats = provisioned.size();
        ZoneId zone = reader.zoneOf(id);
        return new Adoption(from, to, zone.getId(), seats, active.size(),
                seats == 0 ? null : UsageMetricsReports.ratio(active.size(), seats), active.size() - returning, returning,
                perPeriod(byDayUser, day -> day), perPeriod(byDayUser, AdoptionReports::weekOf),
                perPeriod(byDayUser, day -> day.substring(0, 7)), byTool, byTeam, timeToFirstUse(id, provisioned),
                workflowIntegration(all, byToolTeamUser));
    }

    /** The groups whose user (at {@code userIndex}) is a person, not a workflow's account. */
    private static Map<List<String>, Tally> people(Map<List<String>, Tally> groups, int userIndex) {
        Map<List<String>, Tally> out = new HashMap<>();
        groups.forEach((k, t) -> {
            if (!ServiceIdentities.isService(k.get(userIndex))) {
                out.put(k, t);
            }
        });
        return out;
    }

    private static Adoption.WorkflowIntegration workflowIntegration(Map<List<String>, Tally> all,
            Map<List<String>, Tally> people) {
        long total = 0;
        long workflowRequests = 0;
        Map<String, long[]> requests = new HashMap<>();
        Map<String, Set<String>> teamsOf = new HashMap<>();
        Set<String> workflowTeams = new HashSet<>();
        for (Map.Entry<List<String>, Tally> e : all.entrySet()) {
            long n = e.getValue().requests();
            total += n;
            java.util.Optional<String> workflow = ServiceIdentities.workflowOf(e.getKey().get(2));
            if (workflow.isPresent() && n > 0) {
                workflowRequests += n;
                requests.computeIfAbsent(workflow.get(), w -> new long[1])[0] += n;
                String team = e.getKey().get(1);
                if (team != null) {
                    teamsOf.computeIfAbsent(workflow.get(), w -> new java.util.TreeSet<>()).add(team);
                    workflowTeams.add(team);
                }
            }
        }
        Set<String> activeTeams = new HashSet<>();
        people.forEach((k, t) -> {
            if (t.requests() > 0 && k.get(1) != null) {
                activeTeams.add(k.get(1));
            }
        });
        List<Adoption.WorkflowUse> byWorkflow = new ArrayList<>();
        requests.forEach((w, n) -> byWorkflow.add(new Adoption.WorkflowUse(w, n[0],
                List.copyOf(teamsOf.getOrDefault(w, Set.of())))));
        byWorkflow.sort(Comparator.comparingLong(Adoption.WorkflowUse::requests).reversed()
                .thenComparing(Adoption.WorkflowUse::workflow));
        long teamsWithBoth = activeTeams.stream().filter(workflowTeams::contains).count();
        return new Adoption.WorkflowIntegration(workflowRequests,
                total == 0 ? null : UsageMetricsReports.ratio(workflowRequests, total), activeTeams.size(), teamsWithBoth,
                byWorkflow);
    }

    /** The Monday of a day's week, as the rollups' week key gives it. */
    private static String weekOf(String day) {
        return LocalDate.parse(day).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
    }

    /** The (lower-case) people of a slice grouped by user in position {@code index}, with a request. */
    private static Set<String> users(SharedReads reads, Slice slice, int index) {
        Set<String> users = new HashSet<>();
        reads.aggregate(slice).groups().forEach((key, t) -> {
            if (t.requests() > 0 && key.get(index) != null) {
                users.add(key.get(index).toLowerCase(Locale.ROOT));
            }
        });
        return users;
    }

    /** People with a request per period, from the people per day ({@code period} maps a day to its period). */
    private static List<Adoption.Active> perPeriod(Map<List<String>, Tally> byDayUser, Function<String, String> period) {
        Map<String, Set<String>> people = new TreeMap<>();
        byDayUser.forEach((key, t) -> {
            if (t.requests() > 0 && key.get(0) != null) {
                people.computeIfAbsent(period.apply(key.get(0)), k -> new HashSet<>()).add(key.get(1));
            }
        });
        List<Adoption.Active> out = new ArrayList<>();
        people.forEach((k, users) -> out.add(new Adoption.Active(k, users.size())));
        return out;
    }

    /** People and requests per value of the key in position {@code index} of (client tool, team, user). */
    private static List<Adoption.Group> groups(Map<List<String>, Tally> byToolTeamUser, int index) {
        Map<List<String>, Long> requestsPerUser = new HashMap<>();
        byToolTeamUser.forEach((k, t) -> requestsPerUser.merge(java.util.Arrays.asList(k.get(index), k.get(2)),
                t.requests(), Long::sum));
        Map<String, long[]> byName = new HashMap<>();
        requestsPerUser.forEach((k, requests) -> {
            long[] v = byName.computeIfAbsent(k.get(0) == null ? "(none)" : k.get(0), x -> new long[2]);
            if (requests > 0) {
                v[0]++;
            }
            v[1] += requests;
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
