package dev.aurelis.spend.counters;

import java.util.List;
import java.util.Map;

/**
 * Where budget counters, reservations and rate-limit buckets live: in this process, or in Redis shared by every
 * replica. Each operation is atomic. Amounts are integer micro-units of the pricing currency (rounded up per
 * exchange). A counter belongs to a seed key (one budget in one period); until the seed key is seeded from the
 * ledger, reservations against it answer {@link Status#NOT_SEEDED} and settlements are journalled by request id,
 * so that seeding never counts an exchange twice.
 */
public interface CounterStore {

    /** Hard: refuse past the limit. Soft: warn. Soft with grace: refuse once the limit was exceeded for a while. */
    int SOFT = 0;
    int HARD = 1;
    int SOFT_WITH_GRACE = 2;

    /**
     * One budget counter an exchange touches.
     *
     * @param throttleStart fraction of the limit from which requests are spaced out; negative for none
     * @param downgradeAt   fraction of the limit from which a cheaper model is asked for; negative for none
     * @param thresholds    amounts at which a crossing is reported, ascending
     * @param expireAt      epoch millis after which the counter may be forgotten
     */
    record Counter(String seedKey, String key, long limit, int mode, long graceMillis, double throttleStart,
            int throttleRequestsPerMinute, double downgradeAt, long[] thresholds, long expireAt) {
    }

    /** A token bucket holding {@code capacity} per minute; {@code cost} is taken (or, on settle, given back). */
    record Bucket(String key, long capacity, long cost) {
    }

    /** RESET: the tenant's counters are not of the generation the caller knows (they were lost and rebuilt). */
    enum Status { ADMITTED, NOT_SEEDED, DOWNGRADE, OVER_BUDGET, THROTTLED, RATE_LIMITED, RESET }

    /**
     * A generation of a tenant's counters: a new one starts whenever they were found lost (Redis restarted without
     * persistence, was flushed, or came back after an outage), and until {@code rebuildUntil} (epoch millis) every
     * replica puts back the reservations it holds in flight.
     */
    record Generation(String id, long rebuildUntil) {

        /** The one generation of counters that live in this process: they are lost only with it. */
        public static final Generation LOCAL = new Generation("local", 0);

        public String value() {
            return id + "|" + rebuildUntil;
        }

        public static Generation parse(String value) {
            if (value == null) {
                return null;
            }
            int bar = value.indexOf('|');
            return bar < 0 ? new Generation(value, 0) : new Generation(value.substring(0, bar), Long.parseLong(value.substring(bar + 1)));
        }
    }

    /** @param generation the generation the caller knows; null to skip the check (counters in this process) */
    record ReserveOp(String tenant, String reservationId, long now, long reservationExpiresAt, long amount,
            List<Counter> counters, List<Bucket> buckets, boolean mayDowngrade, Generation generation) {

        public ReserveOp(String tenant, String reservationId, long now, long reservationExpiresAt, long amount,
                List<Counter> counters, List<Bucket> buckets, boolean mayDowngrade) {
            this(tenant, reservationId, now, reservationExpiresAt, amount, counters, buckets, mayDowngrade, null);
        }

        public String member() {
            return reservationId + ":" + amount;
        }
    }

    /**
     * @param index            the counter (or, for RATE_LIMITED, the bucket) that decided a refusal
     * @param retryAfterMillis for THROTTLED and RATE_LIMITED; negative when waiting cannot help
     */
    record ReserveOutcome(Status status, int index, long[] spent, long[] reserved, long retryAfterMillis,
            long[] bucketRemaining, long[] bucketResetMillis) {
    }

    /** Settles a reservation to {@code actual}; buckets carry the tokens to give back (negative to take more). */
    record SettleOp(String tenant, String member, String requestId, long now, long reservedAmount, long actual,
            List<Counter> counters, List<Bucket> buckets) {
    }

    /** @param crossed per counter, the indices of thresholds crossed for the first time in the period */
    record SettleOutcome(long[] spentAfter, List<int[]> crossed) {
    }

    ReserveOutcome reserve(ReserveOp op);

    SettleOutcome settle(SettleOp op);

    void release(String tenant, String member, long reservedAmount, List<Counter> counters, List<Bucket> refunds,
            long now);

    /** {@code seeded}, {@code seeding} or null. */
    String seedState(String tenant, String seedKey);

    void beginSeeding(String tenant, String seedKey, long expireAt);

    /** Request ids settled against the seed key while it was not seeded. */
    List<String> journal(String tenant, String seedKey);

    /**
     * Adds the ledger's spend to the counters and marks the seed key seeded, if the journal still has
     * {@code journalLength} entries. Returns 1 when done, 0 when another seeding finished first, -1 to retry.
     */
    int finishSeeding(String tenant, String seedKey, int journalLength, Map<String, Long> spent,
            Map<String, Long> exceededAt, long expireAt);

    /** Spent, reserved and exceeded-at of each counter key (zeros for unknown ones). */
    Map<String, long[]> read(String tenant, List<String> counterKeys);

    /** Forgets every counter and seed state of the tenant (after an outage, so they are rebuilt from the ledger). */
    void forget(String tenant);

    /** The tenant's current generation of counters; null when there is none (never used, or lost). */
    default Generation generation(String tenant) {
        return Generation.LOCAL;
    }

    /** Starts a generation unless one exists; returns the current one. */
    default Generation startGeneration(String tenant, Generation next) {
        return Generation.LOCAL;
    }

    /**
     * Holds {@code amount} again for a reservation in flight under {@code member}, after its counters were lost;
     * holding a member already held does nothing.
     */
    default void adopt(String tenant, String member, long amount, List<Counter> counters, long expiresAt) {
    }
}
