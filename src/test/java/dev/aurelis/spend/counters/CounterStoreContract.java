package dev.aurelis.spend.counters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every counter store must do alike: the in-memory one and the Redis scripts. */
abstract class CounterStoreContract {

    static final long T0 = 1_800_000_000_000L;
    static final long FAR = T0 + 86_400_000L * 60;

    String tenant;
    final String seedKey = "M2027-01/budget";
    final String key = seedKey + "/team-a";

    abstract CounterStore store();

    @BeforeEach
    void newTenant() {
        tenant = "t-" + UUID.randomUUID();
    }

    CounterStore.Counter counter(long limit, int mode) {
        return new CounterStore.Counter(seedKey, key, limit, mode, 0, -1, 60, -1, new long[] {limit}, FAR);
    }

    void seeded(long spent) {
        store().beginSeeding(tenant, seedKey, FAR);
        assertThat(store().finishSeeding(tenant, seedKey, 0, spent == 0 ? Map.of() : Map.of(key, spent), Map.of(), FAR)).isEqualTo(1);
    }

    CounterStore.ReserveOutcome reserve(String id, long now, long amount, List<CounterStore.Counter> counters,
            List<CounterStore.Bucket> buckets, boolean mayDowngrade) {
        return store().reserve(new CounterStore.ReserveOp(tenant, id, now, now + 3_600_000, amount, counters, buckets, mayDowngrade));
    }

    CounterStore.ReserveOutcome reserve(String id, long now, long amount, CounterStore.Counter counter) {
        return reserve(id, now, amount, List.of(counter), List.of(), false);
    }

    CounterStore.SettleOutcome settle(String id, long now, long reserved, long actual, CounterStore.Counter counter) {
        return store().settle(new CounterStore.SettleOp(tenant, id + ":" + reserved, id, now, reserved, actual,
                List.of(counter), List.of()));
    }

    long spent() {
        return store().read(tenant, List.of(key)).get(key)[0];
    }

    long reserved() {
        return store().read(tenant, List.of(key)).get(key)[1];
    }

    @Test
    void aHardLimitRefusesAReservationThatWouldPassIt() {
        seeded(0);
        CounterStore.Counter hard = counter(100, CounterStore.HARD);

        assertThat(reserve("r1", T0, 60, hard).status()).isEqualTo(CounterStore.Status.ADMITTED);
        CounterStore.ReserveOutcome refused = reserve("r2", T0, 60, hard);
        assertThat(refused.status()).isEqualTo(CounterStore.Status.OVER_BUDGET);
        assertThat(refused.reserved()[0]).isEqualTo(60);

        settle("r1", T0, 60, 30, hard);
        assertThat(spent()).isEqualTo(30);
        assertThat(reserved()).isZero();
        assertThat(reserve("r3", T0, 60, hard).status()).isEqualTo(CounterStore.Status.ADMITTED);
    }

    @Test
    void concurrentReservationsNeverOverrunAHardLimit() throws Exception {
        seeded(0);
        CounterStore.Counter hard = counter(100, CounterStore.HARD);
        List<Callable<CounterStore.Status>> calls = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            String id = "r" + i;
            calls.add(() -> reserve(id, T0, 10, hard).status());
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            int admitted = 0;
            for (Future<CounterStore.Status> f : pool.invokeAll(calls)) {
                if (f.get() == CounterStore.Status.ADMITTED) {
                    admitted++;
                }
            }
            assertThat(admitted).isEqualTo(10);
            assertThat(reserved()).isEqualTo(100);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void reservationsOnABudgetNotYetBuiltFromTheLedgerAskForSeeding() {
        CounterStore.Counter hard = counter(100, CounterStore.HARD);

        assertThat(reserve("r1", T0, 10, hard).status()).isEqualTo(CounterStore.Status.NOT_SEEDED);
        seeded(95);
        assertThat(reserve("r2", T0, 10, hard).status()).isEqualTo(CounterStore.Status.OVER_BUDGET);
        assertThat(reserve("r3", T0, 5, hard).status()).isEqualTo(CounterStore.Status.ADMITTED);
    }

    @Test
    void seedingCountsAnExchangeSettledMeanwhileOnlyOnce() {
        CounterStore.Counter hard = counter(100, CounterStore.HARD);
        store().beginSeeding(tenant, seedKey, FAR);
        settle("late", T0, 0, 7, hard);

        // The seeder read the journal before that settlement arrived: its sum may include it, so it must recompute.
        assertThat(store().finishSeeding(tenant, seedKey, 0, Map.of(key, 50L), Map.of(), FAR)).isEqualTo(-1);
        assertThat(store().journal(tenant, seedKey)).containsExactly("late");
        // Recomputed without the journalled request, the ledger says 50.
        assertThat(store().finishSeeding(tenant, seedKey, 1, Map.of(key, 50L), Map.of(), FAR)).isEqualTo(1);
        assertThat(spent()).isEqualTo(57);
        assertThat(store().finishSeeding(tenant, seedKey, 0, Map.of(key, 50L), Map.of(), FAR)).isZero();
        assertThat(spent()).isEqualTo(57);
        assertThat(store().seedState(tenant, seedKey)).isEqualTo("seeded");
    }

    @Test
    void aSoftLimitWarnsButNeverRefuses() {
        seeded(150);
        CounterStore.ReserveOutcome outcome = reserve("r1", T0, 10, counter(100, CounterStore.SOFT));

        assertThat(outcome.status()).isEqualTo(CounterStore.Status.ADMITTED);
        assertThat(outcome.spent()[0]).isEqualTo(150);
    }

    @Test
    void aSoftLimitHardensWhenItsGracePeriodEnds() {
        seeded(0);
        CounterStore.Counter soft = new CounterStore.Counter(seedKey, key, 100, CounterStore.SOFT_WITH_GRACE, 1_000, -1, 60,
                -1, new long[] {100}, FAR);
        reserve("r1", T0, 10, soft);
        settle("r1", T0, 10, 120, soft);

        assertThat(store().read(tenant, List.of(key)).get(key)[2]).isEqualTo(T0);
        assertThat(reserve("r2", T0 + 999, 10, soft).status()).isEqualTo(CounterStore.Status.ADMITTED);
        assertThat(reserve("r3", T0 + 1_000, 10, soft).status()).isEqualTo(CounterStore.Status.OVER_BUDGET);
    }

    @Test
    void throttlingSpacesRequestsOutMoreTheCloserSpendIsToTheLimit() {
        seeded(90);
        // From half the limit on, 60 requests a minute falling linearly: at 90 % that is 12 a minute, one per 5 s.
        CounterStore.Counter throttled = new CounterStore.Counter(seedKey, key, 100, CounterStore.HARD, 0, 0.5, 60, -1,
                new long[] {100}, FAR);

        assertThat(reserve("r1", T0, 0, throttled).status()).isEqualTo(CounterStore.Status.ADMITTED);
        CounterStore.ReserveOutcome slowed = reserve("r2", T0 + 1_000, 0, throttled);
        assertThat(slowed.status()).isEqualTo(CounterStore.Status.THROTTLED);
        assertThat(slowed.retryAfterMillis()).isEqualTo(4_000);
        assertThat(reserve("r3", T0 + 5_000, 0, throttled).status()).isEqualTo(CounterStore.Status.ADMITTED);
    }

    @Test
    void noThrottlingBelowTheStart() {
        seeded(40);
        CounterStore.Counter throttled = new CounterStore.Counter(seedKey, key, 100, CounterStore.HARD, 0, 0.5, 60, -1,
                new long[] {100}, FAR);

        assertThat(reserve("r1", T0, 0, throttled).status()).isEqualTo(CounterStore.Status.ADMITTED);
        assertThat(reserve("r2", T0, 0, throttled).status()).isEqualTo(CounterStore.Status.ADMITTED);
    }

    @Test
    void aDowngradeIsAskedForPastItsThresholdOrWhenTheRequestWouldNotFit() {
        seeded(85);
        CounterStore.Counter downgrading = new CounterStore.Counter(seedKey, key, 100, CounterStore.HARD, 0, -1, 60, 0.8,
                new long[] {100}, FAR);

        assertThat(reserve("r1", T0, 10, List.of(downgrading), List.of(), true).status())
                .isEqualTo(CounterStore.Status.DOWNGRADE);
        assertThat(reserve("r2", T0, 10, List.of(downgrading), List.of(), false).status())
                .isEqualTo(CounterStore.Status.ADMITTED);
        assertThat(reserve("r3", T0, 10, List.of(downgrading), List.of(), false).status())
                .isEqualTo(CounterStore.Status.OVER_BUDGET);
    }

    @Test
    void eachThresholdIsReportedOncePerPeriod() {
        seeded(0);
        CounterStore.Counter c = new CounterStore.Counter(seedKey, key, 100, CounterStore.SOFT, 0, -1, 60, -1,
                new long[] {50, 80, 100}, FAR);

        assertThat(settle("a", T0, 0, 60, c).crossed().get(0)).containsExactly(0);
        assertThat(settle("b", T0, 0, 10, c).crossed().get(0)).isEmpty();
        assertThat(settle("c", T0, 0, 20, c).crossed().get(0)).containsExactly(1);
        CounterStore.SettleOutcome past = settle("d", T0, 0, 20, c);
        assertThat(past.crossed().get(0)).containsExactly(2);
        assertThat(past.spentAfter()[0]).isEqualTo(110);
        assertThat(settle("e", T0, 0, 5, c).crossed().get(0)).isEmpty();
    }

    @Test
    void aRateLimitRefusesUntilItsBucketRefills() {
        CounterStore.Bucket twoPerMinute = new CounterStore.Bucket("key:k1:requests", 2, 1);

        CounterStore.ReserveOutcome first = reserve("r1", T0, 0, List.of(), List.of(twoPerMinute), false);
        assertThat(first.status()).isEqualTo(CounterStore.Status.ADMITTED);
        assertThat(first.bucketRemaining()[0]).isEqualTo(1);
        CounterStore.ReserveOutcome second = reserve("r2", T0, 0, List.of(), List.of(twoPerMinute), false);
        assertThat(second.bucketRemaining()[0]).isZero();
        assertThat(second.bucketResetMillis()[0]).isEqualTo(60_000);
        CounterStore.ReserveOutcome third = reserve("r3", T0, 0, List.of(), List.of(twoPerMinute), false);
        assertThat(third.status()).isEqualTo(CounterStore.Status.RATE_LIMITED);
        assertThat(third.retryAfterMillis()).isEqualTo(30_000);
        assertThat(reserve("r4", T0 + 30_000, 0, List.of(), List.of(twoPerMinute), false).status())
                .isEqualTo(CounterStore.Status.ADMITTED);
    }

    @Test
    void aRequestLargerThanATokenLimitCanNeverPass() {
        CounterStore.Bucket tokens = new CounterStore.Bucket("key:k1:tokens", 1_000, 5_000);

        CounterStore.ReserveOutcome outcome = reserve("r1", T0, 0, List.of(), List.of(tokens), false);
        assertThat(outcome.status()).isEqualTo(CounterStore.Status.RATE_LIMITED);
        assertThat(outcome.retryAfterMillis()).isNegative();
    }

    @Test
    void settlingGivesBackTokensTheExchangeDidNotUse() {
        CounterStore.Bucket tokens = new CounterStore.Bucket("key:k1:tokens", 1_000, 800);
        assertThat(reserve("r1", T0, 0, List.of(), List.of(tokens), false).status()).isEqualTo(CounterStore.Status.ADMITTED);
        store().settle(new CounterStore.SettleOp(tenant, "r1:0", "r1", T0, 0, 0, List.of(),
                List.of(new CounterStore.Bucket("key:k1:tokens", 1_000, 700))));

        assertThat(reserve("r2", T0, 0, List.of(), List.of(tokens), false).status()).isEqualTo(CounterStore.Status.ADMITTED);
    }

    @Test
    void aReleasedReservationHoldsNothing() {
        seeded(0);
        CounterStore.Counter hard = counter(100, CounterStore.HARD);
        reserve("r1", T0, 60, hard);
        store().release(tenant, "r1:60", 60, List.of(hard), List.of(), T0);
        store().release(tenant, "r1:60", 60, List.of(hard), List.of(), T0);

        assertThat(reserved()).isZero();
        assertThat(reserve("r2", T0, 60, hard).status()).isEqualTo(CounterStore.Status.ADMITTED);
    }

    @Test
    void anExpiredReservationStopsHoldingBudget() {
        seeded(0);
        CounterStore.Counter hard = counter(100, CounterStore.HARD);
        store().reserve(new CounterStore.ReserveOp(tenant, "dead", T0, T0 + 100, 60, List.of(hard), List.of(), false));

        assertThat(reserve("r2", T0 + 50, 60, hard).status()).isEqualTo(CounterStore.Status.OVER_BUDGET);
        assertThat(reserve("r3", T0 + 200, 60, hard).status()).isEqualTo(CounterStore.Status.ADMITTED);
        assertThat(reserved()).isEqualTo(60);
    }

    @Test
    void forgettingATenantDropsItsCountersAndSeedStates() {
        seeded(42);
        store().forget(tenant);

        assertThat(spent()).isZero();
        assertThat(store().seedState(tenant, seedKey)).isNull();
    }
}
