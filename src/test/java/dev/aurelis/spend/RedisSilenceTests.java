package dev.aurelis.spend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayTestBase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Redis stops answering without closing its connections (gone behind a dead network, say): a command times out and
 * so does the PING after it (ADR 0079), so with the default {@code on_redis_failure: fail_closed} governed exchanges
 * are refused with 503 in the caller's wire format, while exchanges no budget governs are served.
 */
class RedisSilenceTests extends RedisBehindProxyTestBase {

    private static final String TENANT = "tenant-silent-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Path CONFIG = writeConfig("""
            organization: { name: "Silent Corp", id: "silent-corp", tenant_id: "%3$s" }
            rbac:
              user_groups:
                engineering: { roles: ["developer"] }
                governed: { roles: ["developer"] }
            providers:
              - { name: fake, type: openai, base_url: "%1$s/v1", api_key: "%2$s", models: ["house-model"] }
            pricing:
              house-model: { input: 1000, output: 1000 }
            cost_management:
              enabled: true
              budgets:
                teams:
                  governed: { monthly_limit: 100000 }
            """.formatted(FAKE.baseUrl(), GatewayTestBase.OPENAI_UPSTREAM_KEY, TENANT));

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        redisThroughTheProxy(registry, CONFIG);
    }

    @Test
    void governedExchangesAreRefusedInTheCallersFormatOnceRedisAnswersNothing() {
        String key = newKey("governed@silent.example", "governed");
        assertThat(openAi("/v1/chat/completions", key, chat("house-model", false, 6)).statusCode()).isEqualTo(200);

        proxy.stopAnswering();

        HttpResponse<String> anthropic = anthropic("/v1/messages", key, message("house-model", false, 6));
        assertThat(anthropic.statusCode()).as(anthropic.body()).isEqualTo(503);
        assertThat(json(anthropic.body()).path("error").path("type").asString()).isEqualTo("overloaded_error");
        assertThat(anthropic.headers().firstValue("retry-after")).isPresent();
        HttpResponse<String> openAi = openAi("/v1/chat/completions", key, chat("house-model", false, 6));
        assertThat(openAi.statusCode()).as(openAi.body()).isEqualTo(503);
        JsonNode error = json(openAi.body()).path("error");
        assertThat(error.path("code").asString()).isEqualTo("spend_counters_unavailable");
        assertThat(error.path("message").asString()).contains("shared counters are unreachable");
        String free = newKey("free@silent.example", "engineering");
        assertThat(openAi("/v1/chat/completions", free, chat("house-model", false, 6)).statusCode()).isEqualTo(200);
    }
}
