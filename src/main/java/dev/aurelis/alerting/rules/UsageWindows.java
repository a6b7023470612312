package dev.aurelis.alerting.rules;

import dev.aurelis.spend.LedgerCursor;
import dev.aurelis.spend.LedgerFeed;
import dev.aurelis.spend.LedgerFilter;
import dev.aurelis.spend.LedgerPage;
import dev.aurelis.spend.TimeRange;
import dev.aurelis.spend.UsageRecord;
import dev.aurelis.tenancy.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The last 75 minutes of usage per group, in one-minute tallies, fed from the ledger feed (every replica follows
 * it, so whichever replica evaluates has warm windows; the gateway's hot path is not involved). On first sight of a
 * tenant the feed is followed from its head and the last hour is read once by time. Groups are kept only for the
 * groupings rules use, at most {@link #MAX_GROUPS} per grouping and tenant.
 */
@Component
public class UsageWindows {

    static final int MINUTES = 75;
    static final int MAX_GROUPS = 5_000;
    static final Duration RATE_WINDOW = Duration.ofMinutes(5);
    private static final int PAGES_PER_ROUND = 20;
    private static final Set<String> REFUSALS = Set.of("permission", "permission_error", "authentication_error",
            "model_not_allowed", "task_not_allowed");

    private final LedgerFeed feed;
    private final Map<String, LedgerCursor> cursors = new ConcurrentHashMap<>();
    /** tenant → grouping → group → ring of tallies */
    private final Map<String, Map<String, Map<String, Tally[]>>> windows = new ConcurrentHashMap<>();
    private volatile Set<String> groupings = Set.of("organization");
    private volatile boolean latency;

    UsageWindows(LedgerFeed feed) {
        this.feed = feed;
    }

    /** Which groupings to keep and whether latency is wanted; set once from the rules. */
    void track(Set<String> groupings, boolean latency) {
        this.groupings = Set.copyOf(groupings);
        this.latency = latency;
    }

    /** Reads what the feed has for {@code tenant} since the last call. */
    public synchronized void catchUp(TenantId tenant, Instant now) {
        LedgerCursor cursor = cursors.get(tenant.value());
        if (cursor == null) {
            cursor = feed.head(tenant);
            feed.scan(tenant, LedgerFilter.ALL, List.of(new TimeRange(now.minus(Duration.ofMinutes(MINUTES)), null)),
                    List.of(), this::add);
            cursors.put(tenant.value(), cursor);
        }
        for (int page = 0; page < PAGES_PER_ROUND; page++) {
            LedgerPage next = feed.after(tenant, cursor, LedgerFeed.MAX_PAGE);
            next.records().forEach(this::add);
            cursor = next.next();
            cursors.put(tenant.value(), cursor);
            if (!next.full()) {
                break;
            }
        }
    }

    /** Adds one exchange attempt (a retried attempt counts only for its tokens and cost). */
    synchronized void add(UsageRecord record) {
        long minute = record.createdAt().getEpochSecond() / 60;
        Map<String, Map<String, Tally[]>> tenant = windows.computeIfAbsent(record.tenantId(), t -> new HashMap<>());
        for (String grouping : groupings) {
            String group = groupOf(grouping, record);
            if (group == null) {
                continue;
            }
            Map<String, Tally[]> groups = tenant.computeIfAbsent(grouping, g -> new HashMap<>());
            Tally[] ring = groups.get(group);
            if (ring == null) {
                if (groups.size() >= MAX_GROUPS) {
                    continue;
                }
                ring = new Tally[MINUTES];
                groups.put(group, ring);
            }
            Tally tally = ring[(int) Math.floorMod(minute, (long) MINUTES)];
            if (tally == null) {
                tally = new Tally();
                tally.reset(minute);
                ring[(int) Math.floorMod(minute, (long) MINUTES)] = tally;
            } else if (tally.minute != minute) {
                if (tally.minute > minute) {
                    continue; // older than the window
                }
                tally.reset(minute);
            }
            tally.tokens += record.usage() == null ? 0 : record.usage().totalTokens();
            tally.costMicros += record.cost() == null ? 0 : record.cost().movePointRight(6).setScale(0,
                    java.math.RoundingMode.HALF_UP).longValue();
            if (record.retried()) {
                continue;
            }
            tally.requests++;
            if (record.status() >= 500) {
                tally.errors++;
            }
            if (record.status() == 401 || record.status() == 403 || (record.errorType() != null
                    && (REFUSALS.contains(record.errorType()) || record.errorType().endsWith("_not_allowed")))) {
                tally.refused++;
            }
            if (latency) {
                tally.addLatency(record.latencyMs());
            }
        }
    }

    /** The group a record belongs to under a grouping ({@code team=payments}), or null when it has none. */
    static String groupOf(String grouping, UsageRecord record) {
        String value = switch (grouping) {
            case "organization" -> "";
            case "department" -> record.department();
            case "team" -> record.team();
            case "user" -> record.userEmail();
            case "model" -> record.modelServed() != null ? record.modelServed() : record.modelRequested();
            case "provider" -> record.provider();
            default -> null;
        };
        if (value == null) {
            return null;
        }
        return grouping.equals("organization") ? "organization" : grouping + "=" + value;
    }

    /** The groups of {@code grouping} that had usage in the window. */
    public synchronized List<String> groups(TenantId tenant, String grouping) {
        return new ArrayList<>(windows.getOrDefault(tenant.value(), Map.of()).getOrDefault(grouping, Map.of()).keySet());
    }

    /** A usage signal of a group over the rate window ending at {@code now}; empty when it cannot be measured. */
    public synchronized Optional<Double> value(TenantId tenant, String grouping, String group, String signal,
            Instant now, long minRequests) {
        long last = now.getEpochSecond() / 60;
        if (signal.equals(Signals.HOURLY_SPEND)) {
            return Optional.of(sum(tenant, grouping, group, last - 59, last, t -> t.costMicros) / 1_000_000.0);
        }
        long first = last - RATE_WINDOW.toMinutes() + 1;
        long requests = sum(tenant, grouping, group, first, last, t -> t.requests);
        double minutes = RATE_WINDOW.toMinutes();
        return switch (signal) {
            case Signals.REQUESTS -> Optional.of((double) requests);
            case Signals.REQUEST_RATE, Signals.REQUESTS_PER_MINUTE -> Optional.of(requests / minutes);
            case Signals.TOKENS_PER_MINUTE -> Optional.of(sum(tenant, grouping, group, first, last, t -> t.tokens) / minutes);
            case Signals.SECURITY_EVENTS -> Optional.of((double) sum(tenant, grouping, group, first, last, t -> t.refused));
            case Signals.ERROR_RATE -> requests < Math.max(1, minRequests) ? Optional.empty()
                    : Optional.of(sum(tenant, grouping, group, first, last, t -> t.errors) / (double) requests);
            case Signals.LATENCY_P50 -> percentile(tenant, grouping, group, first, last, 0.50);
            case Signals.LATENCY_P95 -> percentile(tenant, grouping, group, first, last, 0.95);
            case Signals.LATENCY_P99 -> percentile(tenant, grouping, group, first, last, 0.99);
            default -> Optional.empty();
        };
    }

    /** Exchanges per minute of a group over the hour that starts at {@code hourStart}. */
    public synchronized Optional<Double> hourlyRate(TenantId tenant, String grouping, String group, String signal,
            Instant hourStart) {
        long first = hourStart.getEpochSecond() / 60;
        long last = first + 59;
        return switch (signal) {
            case Signals.REQUEST_RATE, Signals.REQUESTS_PER_MINUTE ->
                    Optional.of(sum(tenant, grouping, group, first, last, t -> t.requests) / 60.0);
            case Signals.TOKENS_PER_MINUTE -> Optional.of(sum(tenant, grouping, group, first, last, t -> t.tokens) / 60.0);
            case Signals.HOURLY_SPEND -> Optional.of(sum(tenant, grouping, group, first, last, t -> t.costMicros) / 1e6);
            default -> Optional.empty();
        };
    }

    private interface Field {
        long of(Tally tally);
    }

    private long sum(TenantId tenant, String grouping, String group, long first, long last, Field field) {
        Tally[] ring = ring(tenant, grouping, group);
        if (ring == null) {
            return 0;
        }
        long total = 0;
        for (Tally t : ring) {
            if (t != null && t.minute >= first && t.minute <= last) {
                total += field.of(t);
            }
        }
        return total;
    }

    private Optional<Double> percentile(TenantId tenant, String grouping, String group, long first, long last, double q) {
        Tally[] ring = ring(tenant, grouping, group);
        if (ring == null) {
            return Optional.empty();
        }
        int[] merged = new int[Tally.BUCKETS];
        long count = 0;
        for (Tally t : ring) {
            if (t != null && t.minute >= first && t.minute <= last && t.latency != null) {
                for (int i = 0; i < Tally.BUCKETS; i++) {
                    merged[i] += t.latency[i];
                    count += t.latency[i];
                }
            }
        }
        if (count == 0) {
            return Optional.empty();
        }
        long rank = (long) Math.ceil(q * count);
        long seen = 0;
        for (int i = 0; i < Tally.BUCKETS; i++) {
            seen += merged[i];
            if (seen >= rank) {
                return Optional.of(Tally.upper(i));
            }
        }
        return Optional.of(Tally.upper(Tally.BUCKETS - 1));
    }

    private Tally[] ring(TenantId tenant, String grouping, String group) {
        return windows.getOrDefault(tenant.value(), Map.of()).getOrDefault(grouping, Map.of()).get(group);
    }

    /** Forgets groups with no usage in the last 75 minutes, so the maps do not grow without bound. */
    synchronized void prune(Instant now) {
        long oldest = now.getEpochSecond() / 60 - MINUTES;
        windows.values().forEach(groupings -> groupings.values().forEach(groups -> groups.values().removeIf(ring -> {
            for (Tally t : ring) {
                if (t != null && t.minute > oldest) {
                    return false;
                }
            }
            return true;
        })));
    }

}
