package dev.aurelis.spend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayTestBase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Redis stops answering without closing its connections, with {@code on_redis_failure: local_share}: once the
 * command and the PING after it go unanswered (ADR 0079), the replica serves from its share of the budget in memory,
 * as it does when Redis is unreachable ({@link RedisOutageTests}).
 */
class RedisSilenceLocalShareTests extends RedisBehindProxyTestBase {

    private static final String TENANT = "tenant-silent-share-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Path CONFIG = writeConfig("""
            organization: { name: "Silent Share Corp", id: "silent-share-corp", tenant_id: "%3$s" }
            rbac:
              user_groups:
                governed: { roles: ["developer"] }
            providers:
              - { name: fake, type: openai, base_url: "%1$s/v1", api_key: "%2$s", models: ["house-model"] }
            pricing:
              house-model: { input: 1000, output: 1000 }
            high_availability: { max_replicas: 2 }
            cost_management:
              enabled: true
              enforcement: { hard_limits: true, on_redis_failure: local_share }
              budgets:
                teams:
                  governed: { monthly_limit: 100000 }
            """.formatted(FAKE.baseUrl(), GatewayTestBase.OPENAI_UPSTREAM_KEY, TENANT));

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        redisThroughTheProxy(registry, CONFIG);
    }

    @Test
    void governedExchangesAreServedFromTheReplicasShareOnceRedisAnswersNothing() {
        String key = newKey("governed@silent-share.example", "governed");
        FAKE.usage(10, 6);
        assertThat(openAi("/v1/chat/completions", key, chat("house-model", false, 6)).statusCode()).isEqualTo(200);

        proxy.stopAnswering();

        HttpResponse<String> served = anthropic("/v1/messages", key, message("house-model", false, 6));
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        assertThat(openAi("/v1/chat/completions", key, chat("house-model", false, 6)).statusCode()).isEqualTo(200);
        eventually(() -> ledgerCostOfTeam("governed").compareTo(new java.math.BigDecimal("0.048")) == 0,
                "the three exchanges in the ledger");
    }
}
