package dev.aurelis.spend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayTestBase;
import dev.aurelis.testing.SpendTestBase;
import dev.aurelis.testing.StreamGate;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Budgets and rate limits set never to refuse never refuse, however many exchanges hold reservations at once
 * (issue 20, ADR 0073): the in-memory counters have no timeout to run into, so a gateway whose exchanges pile up
 * behind a slow answer never reports its counters unavailable. Configured like the benchmark's governed arm.
 */
class SaturatedSpendTests extends SpendTestBase {

    private static final int HELD = 12;

    private static final Path CONFIG = writeConfig("""
            organization: { name: "Busy Spend Corp", id: "busy-spend", tenant_id: "tenant-busy-spend" }
            rbac:
              user_groups:
                busy: { roles: ["developer"] }
            providers:
              - { name: fake, type: openai, base_url: "%s/v1", api_key: "%s", models: ["house-model"] }
            pricing:
              house-model: { input: 1.00, output: 2.00 }
            cost_management:
              enabled: true
              budgets:
                organization: { monthly_limit: 100000000 }
                teams:
                  busy: { monthly_limit: 50000000, thresholds: [0.5, 0.8, 1.0], hard_limit: true }
              user_limits:
                default_monthly: 10000000
              rate_limits:
                per_key: { requests_per_minute: 10000000, tokens_per_minute: 2000000000 }
                per_user: { requests_per_minute: 10000000 }
                per_team: { tokens_per_minute: 2000000000 }
            """.formatted(FAKE.baseUrl(), GatewayTestBase.OPENAI_UPSTREAM_KEY));

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        registry.add("aurelis.config", CONFIG::toString);
    }

    @Test
    void exchangesPiledUpBehindASlowAnswerAreNeverRefusedForTheirCounters() throws Exception {
        String key = newKey("busy@spend.example", "busy");
        StreamGate slow = FAKE.holdStreamsAfter(1); // every stream waits after its opening chunk
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < HELD; i++) {
            held.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                    .header("authorization", "Bearer " + key).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(chat("house-model", true, 16))).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        FAKE.awaitRequests(HELD, Duration.ofSeconds(20)); // each reserved before it reached the provider

        HttpResponse<String> meanwhile = openAi("/v1/chat/completions", key, chat("house-model", false, 16));
        assertThat(meanwhile.statusCode()).as(meanwhile.body()).isEqualTo(200);

        slow.release();
        for (CompletableFuture<HttpResponse<String>> exchange : held) {
            HttpResponse<String> response = exchange.get(30, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("data: [DONE]").doesNotContain("spend_counters_unavailable");
        }
        assertThat(openAi("/v1/chat/completions", key, chat("house-model", false, 16)).statusCode()).isEqualTo(200);
    }
}
