package dev.aurelis.spend.counters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurelis.testing.RedisReplyProxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A counter command whose reply comes too late while Redis is healthy — what a gateway short of CPU sees — is asked
 * again after a PING, and counts once (ADR 0079); a Redis that answers nothing still makes the counters unavailable.
 * The proxy withholds one reply until the store gives up on it, so no timing decides the outcome: the short timeout
 * only keeps the tests quick.
 */
class RedisReplyTimeoutTests {

    private static final long T0 = 1_800_000_000_000L;
    private static final long FAR = T0 + 86_400_000L * 60;
    private static final String SEED_KEY = "M2027-01/budget";
    private static final String KEY = SEED_KEY + "/team-a";
    /** A hard limit no test comes near: nothing here may ever be refused. */
    private static final CounterStore.Counter NEVER_REFUSES = new CounterStore.Counter(SEED_KEY, KEY, 1_000_000_000,
            CounterStore.HARD, 0, -1, 60, -1, new long[] {500}, FAR);
    private static final CounterStore.Bucket ONE_REQUEST = new CounterStore.Bucket("key:k1:requests", 10, 1);

    private RedisReplyProxy proxy;
    private RedisCounters store;
    private String tenant;

    @BeforeEach
    void connect() {
        proxy = RedisReplyProxy.toTestRedis();
        store = new RedisCounters(proxy.url(), Duration.ofSeconds(1));
        tenant = "timeout-" + UUID.randomUUID();
        store.beginSeeding(tenant, SEED_KEY, FAR);
        assertThat(store.finishSeeding(tenant, SEED_KEY, 0, Map.of(), Map.of(), FAR)).isEqualTo(1);
    }

    @AfterEach
    void close() {
        proxy.close();
        store.close();
        try (RedisCounters direct = new RedisCounters(dev.aurelis.testing.TestRedis.url(), Duration.ofSeconds(2))) {
            direct.forget(tenant);
        }
    }

    private CounterStore.ReserveOutcome reserve(String id, long amount) {
        return store.reserve(new CounterStore.ReserveOp(tenant, id, T0, T0 + 3_600_000, amount,
                List.of(NEVER_REFUSES), List.of(ONE_REQUEST), false));
    }

    private long[] counter() {
        return store.read(tenant, List.of(KEY)).get(KEY);
    }

    @Test
    void aReserveWhoseReplyIsWithheldIsAdmittedAndHeldOnce() throws Exception {
        RedisReplyProxy.Hold hold = proxy.withholdReplyTo(RedisReplyProxy.script("reserve"));

        CounterStore.ReserveOutcome outcome = reserve("r1", 400);

        assertThat(hold.withheld(Duration.ZERO)).as("the reserve's reply was withheld").isTrue();
        assertThat(hold.pinged()).as("the store asked Redis a PING before anything else").isTrue();
        assertThat(outcome.status()).isEqualTo(CounterStore.Status.ADMITTED);
        assertThat(outcome.bucketRemaining()).containsExactly(9);
        assertThat(counter()[1]).as("held once, not once per try").isEqualTo(400);
        // the rate limit was taken once too: the next request finds 8 of 10 left, not 7
        assertThat(reserve("r2", 100).bucketRemaining()).containsExactly(8);
        assertThat(counter()[1]).isEqualTo(500);
    }

    @Test
    void aSettleWhoseReplyIsWithheldCountsOnce() throws Exception {
        reserve("r1", 700);
        RedisReplyProxy.Hold hold = proxy.withholdReplyTo(RedisReplyProxy.script("settle"));

        CounterStore.SettleOutcome outcome = store.settle(new CounterStore.SettleOp(tenant, "r1:700", "r1", T0, 700, 600,
                List.of(NEVER_REFUSES), List.of()));

        assertThat(hold.withheld(Duration.ZERO)).isTrue();
        assertThat(hold.pinged()).isTrue();
        assertThat(outcome.spentAfter()).containsExactly(600);
        assertThat(outcome.crossed().getFirst()).as("the crossing of 500, reported by the try Redis ran")
                .containsExactly(0);
        assertThat(counter()[0]).as("spent once").isEqualTo(600);
        assertThat(counter()[1]).isZero();
    }

    @Test
    void aReleaseWhoseReplyIsWithheldGivesBackOnce() throws Exception {
        CounterStore.Bucket tokens = new CounterStore.Bucket("key:k1:tokens", 1_000, 600);
        store.reserve(new CounterStore.ReserveOp(tenant, "r1", T0, T0 + 3_600_000, 300, List.of(NEVER_REFUSES),
                List.of(tokens), false));
        RedisReplyProxy.Hold hold = proxy.withholdReplyTo(RedisReplyProxy.script("release"));

        store.release(tenant, "r1:300", 300, List.of(NEVER_REFUSES),
                List.of(new CounterStore.Bucket("key:k1:tokens", 1_000, 200)), T0);

        assertThat(hold.withheld(Duration.ZERO)).isTrue();
        assertThat(hold.pinged()).isTrue();
        assertThat(counter()[1]).isZero();
        // 1000 - 600 + 200 given back once: 600 left, so 600 more fit and 601 would not
        CounterStore.ReserveOutcome next = store.reserve(new CounterStore.ReserveOp(tenant, "r2", T0, T0 + 3_600_000, 1,
                List.of(NEVER_REFUSES), List.of(new CounterStore.Bucket("key:k1:tokens", 1_000, 0)), false));
        assertThat(next.bucketRemaining()).containsExactly(600);
    }

    @Test
    void aRedisThatAnswersNothingMakesTheCountersUnavailable() {
        proxy.stopAnswering();

        assertThatThrownBy(() -> reserve("r1", 400)).isInstanceOf(CountersUnavailable.class)
                .hasMessageContaining("nor a PING");
    }

    @Test
    void aRedisThatClosedItsConnectionsMakesTheCountersUnavailable() {
        proxy.close();

        assertThatThrownBy(() -> reserve("r1", 400)).isInstanceOf(CountersUnavailable.class);
    }
}
