package dev.aurelis.spend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayTestBase;
import dev.aurelis.testing.SpendTestBase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Redis is configured but nothing listens there, and {@code on_redis_failure: local_share}: the replica keeps
 * serving and enforces its share (one of {@code high_availability.max_replicas}) of each budget in memory.
 */
class RedisOutageTests extends SpendTestBase {

    private static final Path CONFIG = writeConfig("""
            organization: { name: "Outage Corp", id: "outage-corp", tenant_id: "tenant-outage" }
            rbac:
              user_groups:
                engineering: { roles: ["developer"] }
            providers:
              - { name: fake, type: openai, base_url: "%s/v1", api_key: "%s", models: ["house-model"] }
            pricing:
              house-model: { input: 1000, output: 1000 }
            high_availability: { max_replicas: 2 }
            cost_management:
              enabled: true
              enforcement: { hard_limits: true, on_redis_failure: local_share }
              budgets:
                users:
                  "halved@outage.example": { monthly_limit: 0.1 }
            """.formatted(FAKE.baseUrl(), GatewayTestBase.OPENAI_UPSTREAM_KEY));

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        registry.add("aurelis.config", CONFIG::toString);
        registry.add("aurelis.redis.url", () -> "redis://127.0.0.1:9");
        registry.add("aurelis.redis.timeout", () -> "300ms");
    }

    @Test
    void withRedisUnreachableAReplicaEnforcesItsShareOfTheBudget() {
        String key = newKey("halved@outage.example", "engineering");
        FAKE.usage(10, 6);
        int accepted = 0;
        HttpResponse<String> last = null;
        for (int i = 0; i < 8; i++) {
            last = openAi("/v1/chat/completions", key, chat("house-model", false, 6));
            if (last.statusCode() != 200) {
                break;
            }
            accepted++;
        }

        // Half of 0.10 USD for this replica: at 0.016 USD per exchange at most three fit, never the six of the whole.
        assertThat(accepted).isBetween(1, 3);
        assertThat(last.statusCode()).isEqualTo(429);
        JsonNode error = json(last.body()).path("error");
        assertThat(error.path("code").asString()).isEqualTo("budget_exceeded");
        assertThat(ledgerCostOfUser("halved@outage.example")).isLessThanOrEqualTo(new java.math.BigDecimal("0.05"));
    }

    @Test
    void requestsNoBudgetGovernsAreServedAsUsual() {
        String key = newKey("free@outage.example", "engineering");
        assertThat(openAi("/v1/chat/completions", key, chat("house-model", false, 6)).statusCode()).isEqualTo(200);
    }
}
