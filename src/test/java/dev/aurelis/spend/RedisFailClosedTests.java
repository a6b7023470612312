package dev.aurelis.spend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayTestBase;
import dev.aurelis.testing.SpendTestBase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Redis is configured but unreachable, with the default {@code on_redis_failure: fail_closed}. */
class RedisFailClosedTests extends SpendTestBase {

    private static final Path CONFIG = writeConfig("""
            organization: { name: "Closed Corp", id: "closed-corp", tenant_id: "tenant-closed" }
            rbac:
              user_groups:
                engineering: { roles: ["developer"] }
                governed: { roles: ["developer"] }
            providers:
              - { name: fake, type: openai, base_url: "%s/v1", api_key: "%s", models: ["house-model"] }
            pricing:
              house-model: { input: 1000, output: 1000 }
            cost_management:
              enabled: true
              budgets:
                teams:
                  governed: { monthly_limit: 10 }
            """.formatted(FAKE.baseUrl(), GatewayTestBase.OPENAI_UPSTREAM_KEY));

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        registry.add("aurelis.config", CONFIG::toString);
        registry.add("aurelis.redis.url", () -> "redis://127.0.0.1:9");
        registry.add("aurelis.redis.timeout", () -> "300ms");
    }

    @Test
    void governedRequestsAreRefusedWhileRedisIsUnreachable() {
        String key = newKey("governed@closed.example", "governed");

        HttpResponse<String> refused = anthropic("/v1/messages", key, message("house-model", false, 6));

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(json(refused.body()).path("error").path("type").asString()).isEqualTo("overloaded_error");
        assertThat(json(refused.body()).path("error").path("message").asString()).contains("shared counters are unreachable");
        assertThat(refused.headers().firstValue("retry-after")).isPresent();
        String free = newKey("free@closed.example", "engineering");
        assertThat(openAi("/v1/chat/completions", free, chat("house-model", false, 6)).statusCode()).isEqualTo(200);
    }
}
