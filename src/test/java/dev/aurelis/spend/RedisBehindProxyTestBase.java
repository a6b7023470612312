package dev.aurelis.spend;

import dev.aurelis.testing.RedisReplyProxy;
import dev.aurelis.testing.SpendTestBase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A gateway whose Redis counters go through a {@link RedisReplyProxy} in front of the test Redis, so a test can
 * withhold one reply or silence Redis without closing its connections (ADR 0079).
 */
abstract class RedisBehindProxyTestBase extends SpendTestBase {

    static RedisReplyProxy proxy;

    @BeforeAll
    static void proxyInFrontOfRedis() {
        proxy = RedisReplyProxy.toTestRedis();
    }

    @AfterAll
    static void closeProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    /**
     * Serves {@code config} with Redis reached through the proxy. The command timeout is short so a withheld reply
     * is given up on soon; no outcome depends on it (the proxy releases a reply only after the PING that follows).
     */
    static void redisThroughTheProxy(DynamicPropertyRegistry registry, Path config) {
        registry.add("aurelis.config", config::toString);
        registry.add("aurelis.redis.url", () -> proxy.url());
        registry.add("aurelis.redis.timeout", () -> "1s");
    }
}
