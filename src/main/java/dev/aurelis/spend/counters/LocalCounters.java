package dev.aurelis.spend.counters;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counters in this process, for a single node (or, with a share divisor above 1, for one replica enforcing its
 * share of the remaining headroom while Redis is unreachable). One lock makes each operation atomic; every
 * operation is a handful of map lookups.
 */
public final class LocalCounters implements CounterStore {

    private static final class CounterState {
        long spent;
        long reserved;
        long exceededAt;
        long nextAt;
        long base = -1;
        long expireAt;
        final Map<String, Long> reservations = new HashMap<>();
        final Set<Integer> fired = new HashSet<>();
    }

    private static final class BucketState {
        double tokens;
        long at;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, CounterState> counters = new HashMap<>();
    private final Map<String, String> seedStates = new HashMap<>();
    private final Map<String, List<String>> journals = new HashMap<>();
    private final Map<String, BucketState> buckets = new HashMap<>();
    private final int shareDivisor;

    public LocalCounters(int shareDivisor) {
        this.shareDivisor = Math.max(1, shareDivisor);
    }

    private static String id(String tenant, String key) {
        return tenant + "\u0000" + key;
    }

    private CounterState counter(String tenant, Counter c) {
        CounterState state = counters.computeIfAbsent(id(tenant, c.key()), k -> new CounterState());
        state.expireAt = Math.max(state.expireAt, c.expireAt());
        return state;
    }

    /** The limit this node enforces: all of it, or its share of what was left when it started counting. */
    private long effectiveLimit(CounterState state, long limit) {
        if (shareDivisor == 1) {
            return limit;
        }
        long base = Math.max(0, state.base);
        return limit <= base ? limit : base + (limit - base) / shareDivisor;
    }

    @Override
    public ReserveOutcome reserve(ReserveOp op) {
        lock.lock();
        try {
            int n = op.counters().size();
            long[] spent = new long[n];
            long[] reserved = new long[n];
            CounterState[] states = new CounterState[n];
            long[] limits = new long[n];
            for (int i = 0; i < n; i++) {
                Counter c = op.counters().get(i);
                if (!"seeded".equals(seedStates.get(id(op.tenant(), c.seedKey())))) {
                    return new ReserveOutcome(Status.NOT_SEEDED, i, spent, reserved, 0, new long[0], new long[0]);
                }
            }
            for (int i = 0; i < n; i++) {
                CounterState state = counter(op.tenant(), op.counters().get(i));
                purgeExpired(state, op.now());
                states[i] = state;
                spent[i] = state.spent;
                reserved[i] = Math.max(0, state.reserved);
                limits[i] = effectiveLimit(state, op.counters().get(i).limit());
            }
            boolean[] blocks = new boolean[n];
            for (int i = 0; i < n; i++) {
                Counter c = op.counters().get(i);
                long used = spent[i] + reserved[i];
                blocks[i] = switch (c.mode()) {
                    case HARD -> used + op.amount() > limits[i];
                    case SOFT_WITH_GRACE -> states[i].exceededAt > 0 && op.now() >= states[i].exceededAt + c.graceMillis()
                            && used + op.amount() > limits[i];
                    default -> false;
                };
            }
            if (op.mayDowngrade()) {
                for (int i = 0; i < n; i++) {
                    Counter c = op.counters().get(i);
                    if (c.downgradeAt() >= 0 && (blocks[i] || spent[i] + reserved[i] >= c.downgradeAt() * limits[i])) {
                        return new ReserveOutcome(Status.DOWNGRADE, i, spent, reserved, 0, new long[0], new long[0]);
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                if (blocks[i]) {
                    return new ReserveOutcome(Status.OVER_BUDGET, i, spent, reserved, 0, new long[0], new long[0]);
                }
            }
            long[] intervals = new long[n];
            for (int i = 0; i < n; i++) {
                intervals[i] = throttleInterval(op.counters().get(i), spent[i] + reserved[i], limits[i]);
                if (intervals[i] > 0 && op.now() < states[i].nextAt) {
                    return new ReserveOutcome(Status.THROTTLED, i, spent, reserved, states[i].nextAt - op.now(),
                            new long[0], new long[0]);
                }
            }
            int m = op.buckets().size();
            double[] tokens = new double[m];
            BucketState[] bucketStates = new BucketState[m];
            for (int j = 0; j < m; j++) {
                Bucket b = op.buckets().get(j);
                BucketState state = buckets.computeIfAbsent(id(op.tenant(), b.key()), k -> {
                    BucketState s = new BucketState();
                    s.tokens = b.capacity();
                    s.at = op.now();
                    return s;
                });
                bucketStates[j] = state;
                tokens[j] = refill(state, b.capacity(), op.now());
                if (b.cost() > b.capacity()) {
                    return new ReserveOutcome(Status.RATE_LIMITED, j, spent, reserved, -1, new long[0], new long[0]);
                }
                if (tokens[j] < b.cost()) {
                    long wait = (long) Math.ceil((b.cost() - tokens[j]) * 60_000d / b.capacity());
                    return new ReserveOutcome(Status.RATE_LIMITED, j, spent, reserved, Math.max(1, wait), new long[0], new long[0]);
                }
            }
            for (int i = 0; i < n; i++) {
                if (op.amount() > 0) {
                    states[i].reserved += op.amount();
                    states[i].reservations.put(op.member(), op.reservationExpiresAt());
                }
                if (intervals[i] > 0) {
                    states[i].nextAt = op.now() + intervals[i];
                }
            }
            long[] remaining = new long[m];
            long[] reset = new long[m];
            for (int j = 0; j < m; j++) {
                Bucket b = op.buckets().get(j);
                bucketStates[j].tokens = tokens[j] - b.cost();
                bucketStates[j].at = op.now();
                remaining[j] = (long) Math.floor(bucketStates[j].tokens);
                reset[j] = (long) Math.ceil((b.capacity() - bucketStates[j].tokens) * 60_000d / b.capacity());
            }
            return new ReserveOutcome(Status.ADMITTED, -1, spent, reserved, 0, remaining, reset);
        } finally {
            lock.unlock();
        }
    }

    /** Milliseconds between requests once spend passes the throttle start; 0 when not throttled. */
    static long throttleInterval(Counter c, long used, long limit) {
        if (c.throttleStart() < 0 || limit <= 0) {
            return 0;
        }
        double fraction = (double) used / limit;
        if (fraction < c.throttleStart()) {
            return 0;
        }
        double rate = c.throttleStart() >= 1 ? c.throttleRequestsPerMinute()
                : c.throttleRequestsPerMinute() * (1 - fraction) / (1 - c.throttleStart());
        rate = Math.max(1, rate);
        return (long) Math.floor(60_000d / rate);
    }

    private static double refill(BucketState state, long capacity, long now) {
        double elapsed = Math.max(0, now - state.at);
        return Math.min(capacity, state.tokens + elapsed * capacity / 60_000d);
    }

    private static void purgeExpired(CounterState state, long now) {
        Iterator<Map.Entry<String, Long>> it = state.reservations.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Long> entry = it.next();
            if (entry.getValue() <= now) {
                it.remove();
                state.reserved -= amountOf(entry.getKey());
            }
        }
    }

    private static long amountOf(String member) {
        return Long.parseLong(member.substring(member.lastIndexOf(':') + 1));
    }

    @Override
    public SettleOutcome settle(SettleOp op) {
        lock.lock();
        try {
            int n = op.counters().size();
            long[] after = new long[n];
            List<int[]> crossed = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Counter c = op.counters().get(i);
                CounterState state = counter(op.tenant(), c);
                if (state.reservations.remove(op.member()) != null) {
                    state.reserved -= op.reservedAmount();
                }
                state.spent += op.actual();
                if (!"seeded".equals(seedStates.get(id(op.tenant(), c.seedKey())))) {
                    journals.computeIfAbsent(id(op.tenant(), c.seedKey()), k -> new ArrayList<>()).add(op.requestId());
                }
                if (state.exceededAt == 0 && state.spent >= effectiveLimit(state, c.limit()) && c.limit() >= 0) {
                    state.exceededAt = op.now();
                }
                List<Integer> newly = new ArrayList<>();
                long[] thresholds = c.thresholds();
                for (int t = 0; t < thresholds.length; t++) {
                    if (state.spent >= thresholds[t] && state.fired.add(t)) {
                        newly.add(t);
                    }
                }
                after[i] = state.spent;
                crossed.add(newly.stream().mapToInt(Integer::intValue).toArray());
            }
            for (Bucket b : op.buckets()) {
                give(op.tenant(), b, op.now());
            }
            return new SettleOutcome(after, crossed);
        } finally {
            lock.unlock();
        }
    }

    private void give(String tenant, Bucket b, long now) {
        BucketState state = buckets.get(id(tenant, b.key()));
        if (state == null || b.cost() == 0) {
            return;
        }
        state.tokens = Math.min(b.capacity(), refill(state, b.capacity(), now) + b.cost());
        state.at = now;
    }

    @Override
    public void release(String tenant, String member, long reservedAmount, List<Counter> counters, List<Bucket> refunds,
            long now) {
        lock.lock();
        try {
            for (Counter c : counters) {
                CounterState state = counters(tenant, c);
                if (state != null && state.reservations.remove(member) != null) {
                    state.reserved -= reservedAmount;
                }
            }
            for (Bucket b : refunds) {
                give(tenant, b, now);
            }
        } finally {
            lock.unlock();
        }
    }

    private CounterState counters(String tenant, Counter c) {
        return counters.get(id(tenant, c.key()));
    }

    @Override
    public String seedState(String tenant, String seedKey) {
        lock.lock();
        try {
            return seedStates.get(id(tenant, seedKey));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void beginSeeding(String tenant, String seedKey, long expireAt) {
        lock.lock();
        try {
            seedStates.putIfAbsent(id(tenant, seedKey), "seeding");
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<String> journal(String tenant, String seedKey) {
        lock.lock();
        try {
            return List.copyOf(journals.getOrDefault(id(tenant, seedKey), List.of()));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int finishSeeding(String tenant, String seedKey, int journalLength, Map<String, Long> spent,
            Map<String, Long> exceededAt, long expireAt) {
        lock.lock();
        try {
            String state = seedStates.get(id(tenant, seedKey));
            if ("seeded".equals(state)) {
                return 0;
            }
            if (!"seeding".equals(state) || journals.getOrDefault(id(tenant, seedKey), List.of()).size() != journalLength) {
                return -1;
            }
            spent.forEach((key, amount) -> {
                CounterState counter = counters.computeIfAbsent(id(tenant, key), k -> new CounterState());
                counter.spent += amount;
                counter.expireAt = Math.max(counter.expireAt, expireAt);
            });
            exceededAt.forEach((key, at) -> {
                CounterState counter = counters.computeIfAbsent(id(tenant, key), k -> new CounterState());
                if (counter.exceededAt == 0) {
                    counter.exceededAt = at;
                }
            });
            // What this node found already spent is the base its share is computed from.
            spent.forEach((key, amount) -> counters.get(id(tenant, key)).base = counters.get(id(tenant, key)).spent);
            seedStates.put(id(tenant, seedKey), "seeded");
            journals.remove(id(tenant, seedKey));
            return 1;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Map<String, long[]> read(String tenant, List<String> counterKeys) {
        lock.lock();
        try {
            Map<String, long[]> values = new HashMap<>();
            for (String key : counterKeys) {
                CounterState state = counters.get(id(tenant, key));
                values.put(key, state == null ? new long[3] : new long[] {state.spent, Math.max(0, state.reserved), state.exceededAt});
            }
            return values;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void forget(String tenant) {
        lock.lock();
        try {
            String prefix = tenant + "\u0000";
            counters.keySet().removeIf(k -> k.startsWith(prefix));
            seedStates.keySet().removeIf(k -> k.startsWith(prefix));
            journals.keySet().removeIf(k -> k.startsWith(prefix));
        } finally {
            lock.unlock();
        }
    }

    /** Drops counters of periods long over and idle rate buckets. */
    public void purge(long now) {
        lock.lock();
        try {
            counters.values().removeIf(c -> c.expireAt > 0 && c.expireAt < now && c.reservations.isEmpty());
            buckets.values().removeIf(b -> now - b.at > 10 * 60_000L);
        } finally {
            lock.unlock();
        }
    }
}
