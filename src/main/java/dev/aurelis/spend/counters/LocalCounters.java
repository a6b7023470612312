package dev.aurelis.spend.counters;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counters in this process, for a single node (or, with a share divisor above 1, for one replica enforcing its
 * share of the remaining headroom while Redis is unreachable). Each operation concerns one tenant, so each tenant's
 * counters sit behind a lock of their own: exchanges of different tenants never wait for each other (ADR 0047).
 * Every operation is a handful of map lookups; open reservations are kept in order of expiry, so dropping the
 * expired ones looks only at those, never at every reservation a counter holds.
 */
public final class LocalCounters implements CounterStore {

    private static final class CounterState {
        long spent;
        long reserved;
        long exceededAt;
        long nextAt;
        long base = -1;
        long expireAt;
        /** Open reservations: member to expiry, and the same ordered by expiry. */
        final Map<String, Long> reservations = new HashMap<>();
        final TreeSet<Open> byExpiry = new TreeSet<>(Open.ORDER);
        final Set<Integer> fired = new HashSet<>();

        void hold(String member, long expiresAt) {
            Long previous = reservations.put(member, expiresAt);
            if (previous != null) {
                byExpiry.remove(new Open(previous, member));
            }
            byExpiry.add(new Open(expiresAt, member));
        }

        /** @return whether the reservation was still open */
        boolean drop(String member) {
            Long expiresAt = reservations.remove(member);
            if (expiresAt == null) {
                return false;
            }
            byExpiry.remove(new Open(expiresAt, member));
            return true;
        }

        /** A reservation still open at its expiry (its replica died mid-exchange) stops holding budget. */
        void dropExpired(long now) {
            while (!byExpiry.isEmpty() && byExpiry.first().expiresAt() <= now) {
                Open expired = byExpiry.pollFirst();
                reservations.remove(expired.member());
                reserved -= amountOf(expired.member());
            }
        }
    }

    private record Open(long expiresAt, String member) {
        static final Comparator<Open> ORDER = Comparator.comparingLong(Open::expiresAt).thenComparing(Open::member);
    }

    /** Everything one tenant counts, behind the tenant's lock. */
    private static final class TenantState {
        final ReentrantLock lock = new ReentrantLock();
        final Map<String, CounterState> counters = new HashMap<>();
        final Map<String, String> seedStates = new HashMap<>();
        final Map<String, List<String>> journals = new HashMap<>();
        final Map<String, BucketState> buckets = new HashMap<>();
    }

    private static final class BucketState {
        double tokens;
        long at;
    }

    private final Map<String, TenantState> tenants = new ConcurrentHashMap<>();
    private final int shareDivisor;

    public LocalCounters(int shareDivisor) {
        this.shareDivisor = Math.max(1, shareDivisor);
    }

    /** The tenant's state, locked: the caller unlocks it. */
    private TenantState locked(String tenant) {
        TenantState state = tenants.computeIfAbsent(tenant, t -> new TenantState());
        state.lock.lock();
        return state;
    }

    private static CounterState counter(TenantState tenant, Counter c) {
        CounterState state = tenant.counters.computeIfAbsent(c.key(), k -> new CounterState());
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
        TenantState tenant = locked(op.tenant());
        try {
            int n = op.counters().size();
            long[] spent = new long[n];
            long[] reserved = new long[n];
            CounterState[] states = new CounterState[n];
            long[] limits = new long[n];
            for (int i = 0; i < n; i++) {
                Counter c = op.counters().get(i);
                if (!"seeded".equals(tenant.seedStates.get(c.seedKey()))) {
                    return new ReserveOutcome(Status.NOT_SEEDED, i, spent, reserved, 0, new long[0], new long[0]);
                }
            }
            for (int i = 0; i < n; i++) {
                CounterState state = counter(tenant, op.counters().get(i));
                state.dropExpired(op.now());
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
                BucketState state = tenant.buckets.computeIfAbsent(b.key(), k -> {
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
                    states[i].hold(op.member(), op.reservationExpiresAt());
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
            tenant.lock.unlock();
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

    private static long amountOf(String member) {
        return Long.parseLong(member.substring(member.lastIndexOf(':') + 1));
    }

    @Override
    public SettleOutcome settle(SettleOp op) {
        TenantState tenant = locked(op.tenant());
        try {
            int n = op.counters().size();
            long[] after = new long[n];
            List<int[]> crossed = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Counter c = op.counters().get(i);
                CounterState state = counter(tenant, c);
                if (state.drop(op.member())) {
                    state.reserved -= op.reservedAmount();
                }
                state.spent += op.actual();
                if (!"seeded".equals(tenant.seedStates.get(c.seedKey()))) {
                    tenant.journals.computeIfAbsent(c.seedKey(), k -> new ArrayList<>()).add(op.requestId());
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
                give(tenant, b, op.now());
            }
            return new SettleOutcome(after, crossed);
        } finally {
            tenant.lock.unlock();
        }
    }

    private static void give(TenantState tenant, Bucket b, long now) {
        BucketState state = tenant.buckets.get(b.key());
        if (state == null || b.cost() == 0) {
            return;
        }
        state.tokens = Math.min(b.capacity(), refill(state, b.capacity(), now) + b.cost());
        state.at = now;
    }

    @Override
    public void release(String tenant, String member, long reservedAmount, List<Counter> counters, List<Bucket> refunds,
            long now) {
        TenantState state = locked(tenant);
        try {
            for (Counter c : counters) {
                CounterState counter = state.counters.get(c.key());
                if (counter != null && counter.drop(member)) {
                    counter.reserved -= reservedAmount;
                }
            }
            for (Bucket b : refunds) {
                give(state, b, now);
            }
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public String seedState(String tenant, String seedKey) {
        TenantState state = locked(tenant);
        try {
            return state.seedStates.get(seedKey);
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public void beginSeeding(String tenant, String seedKey, long expireAt) {
        TenantState state = locked(tenant);
        try {
            state.seedStates.putIfAbsent(seedKey, "seeding");
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public List<String> journal(String tenant, String seedKey) {
        TenantState state = locked(tenant);
        try {
            return List.copyOf(state.journals.getOrDefault(seedKey, List.of()));
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public int finishSeeding(String tenant, String seedKey, int journalLength, Map<String, Long> spent,
            Map<String, Long> exceededAt, long expireAt) {
        TenantState tenantState = locked(tenant);
        try {
            String state = tenantState.seedStates.get(seedKey);
            if ("seeded".equals(state)) {
                return 0;
            }
            if (!"seeding".equals(state) || tenantState.journals.getOrDefault(seedKey, List.of()).size() != journalLength) {
                return -1;
            }
            Map<String, CounterState> counters = tenantState.counters;
            spent.forEach((key, amount) -> {
                CounterState counter = counters.computeIfAbsent(key, k -> new CounterState());
                counter.spent += amount;
                counter.expireAt = Math.max(counter.expireAt, expireAt);
            });
            exceededAt.forEach((key, at) -> {
                CounterState counter = counters.computeIfAbsent(key, k -> new CounterState());
                if (counter.exceededAt == 0) {
                    counter.exceededAt = at;
                }
            });
            // What this node found already spent is the base its share is computed from.
            spent.forEach((key, amount) -> counters.get(key).base = counters.get(key).spent);
            tenantState.seedStates.put(seedKey, "seeded");
            tenantState.journals.remove(seedKey);
            return 1;
        } finally {
            tenantState.lock.unlock();
        }
    }

    @Override
    public Map<String, long[]> read(String tenant, List<String> counterKeys) {
        TenantState tenantState = locked(tenant);
        try {
            Map<String, long[]> values = new HashMap<>();
            for (String key : counterKeys) {
                CounterState state = tenantState.counters.get(key);
                values.put(key, state == null ? new long[3] : new long[] {state.spent, Math.max(0, state.reserved), state.exceededAt});
            }
            return values;
        } finally {
            tenantState.lock.unlock();
        }
    }

    @Override
    public void forget(String tenant) {
        TenantState state = locked(tenant);
        try {
            state.counters.clear();
            state.seedStates.clear();
            state.journals.clear();
        } finally {
            state.lock.unlock();
        }
    }

    /** Drops counters of periods long over and idle rate buckets. */
    public void purge(long now) {
        for (TenantState state : tenants.values()) {
            state.lock.lock();
            try {
                state.counters.values().removeIf(c -> c.expireAt > 0 && c.expireAt < now && c.reservations.isEmpty());
                state.buckets.values().removeIf(b -> now - b.at > 10 * 60_000L);
            } finally {
                state.lock.unlock();
            }
        }
    }
}
