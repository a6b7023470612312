package dev.aurelis.spend.counters;

import dev.aurelis.testing.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Lua scripts against a real Redis (skipped without one, unless CI is set). */
class RedisCounterStoreTests extends CounterStoreContract {

    private static RedisCounters store;

    @BeforeAll
    static void connect() {
        store = new RedisCounters(TestRedis.require(), Duration.ofSeconds(2));
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
    }

    @org.junit.jupiter.api.AfterEach
    void forgetTenant() {
        store.forget(tenant);
    }

    @Override
    CounterStore store() {
        return store;
    }
}
