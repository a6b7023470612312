package dev.aurelis.spend;

import dev.aurelis.spend.counters.CounterStore;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The maximum cost of one exchange, held against every budget and rate limit that applies until it is settled
 * to the actual cost or released. Settling or releasing twice does nothing.
 */
public final class Reservation {

    /** Nothing applied: nothing was reserved. */
    public static final Reservation NONE = new Reservation(null, null, null, null, 0, 0, 0, null, List.of(), List.of(),
            List.of(), List.of(), List.of(), List.of());

    record Planned(Budgets.Applicable applicable, PeriodWindow window, BigDecimal[] thresholds) {
    }

    /** A bucket with what it is: {@code requests} or {@code tokens} of a key, user or team. */
    record PlannedBucket(String kind, String holder, CounterStore.Bucket bucket) {
    }

    /** What the reservation holds in the counters under which member: its amount, or once settled, the actual cost. */
    record Held(String member, long amount) {
    }

    final CounterStore store;
    final String tenant;
    final String requestId;
    final String member;
    final long amount;
    final long estimatedTokens;
    final long expiresAt;
    private final Long outputCap;
    private long settledAt = -1;
    private Held adoptedSettlement;
    final List<CounterStore.Counter> counters;
    final List<Planned> planned;
    final List<PlannedBucket> buckets;
    private final List<RateLimitStatus> rateLimits;
    private final List<String> warnings;
    private final List<String> notes;
    private final AtomicBoolean finished = new AtomicBoolean();

    Reservation(CounterStore store, String tenant, String requestId, String member, long amount, long estimatedTokens,
            long expiresAt, Long outputCap, List<CounterStore.Counter> counters, List<Planned> planned, List<PlannedBucket> buckets,
            List<RateLimitStatus> rateLimits, List<String> warnings, List<String> notes) {
        this.store = store;
        this.tenant = tenant;
        this.requestId = requestId;
        this.member = member;
        this.amount = amount;
        this.estimatedTokens = estimatedTokens;
        this.expiresAt = expiresAt;
        this.outputCap = outputCap;
        this.counters = counters;
        this.planned = planned;
        this.buckets = buckets;
        this.rateLimits = rateLimits;
        this.warnings = warnings;
        this.notes = notes;
    }

    /** The tightest request and token limits, for {@code x-ratelimit-*} headers. */
    public List<RateLimitStatus> rateLimits() {
        return rateLimits;
    }

    /**
     * The output cap the provider must be sent so that the reservation bounds the exchange's cost (a request with no
     * cap of its own under a hard budget); null when the request's own cap or the model's context window bounds it.
     */
    public Long outputCap() {
        return outputCap;
    }

    /** Soft limits this exchange goes past, for a warning header. */
    public List<String> warnings() {
        return warnings;
    }

    boolean isEmpty() {
        return counters.isEmpty() && buckets.isEmpty();
    }

    /** Settled to {@code actual}, whose record may not be durable in the ledger yet. */
    synchronized void settledTo(long actual) {
        settledAt = actual;
    }

    /** What to hold again if the counters are lost before the record is durable. */
    synchronized Held held() {
        return settledAt < 0 ? new Held(member, amount) : new Held("s:" + requestId + ":" + settledAt, settledAt);
    }

    /** The counters hold {@code held} again (after they were lost). */
    synchronized void adopted(Held held) {
        if (settledAt >= 0) {
            adoptedSettlement = held;
        }
    }

    /** The settled cost held again after a loss, to give back once the record is durable; null if none. */
    synchronized Held adoptedSettlement() {
        Held h = adoptedSettlement;
        adoptedSettlement = null;
        return h;
    }

    /** True the first time only. */
    boolean finish() {
        return finished.compareAndSet(false, true);
    }

    /** Budgets this exchange was held against (for logs and tests). */
    public List<String> budgets() {
        return notes;
    }
}
