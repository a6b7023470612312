package dev.aurelis.spend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayTestBase;
import dev.aurelis.testing.MovableClock;
import dev.aurelis.testing.SpendTestBase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Soft limits, their grace period and auto throttling, with a clock the test moves forward. */
@Import(EnforcementOptionsTests.Clocks.class)
class EnforcementOptionsTests extends SpendTestBase {

    static final MovableClock CLOCK = new MovableClock();

    @TestConfiguration
    static class Clocks {
        @Bean
        Clock clock() {
            return CLOCK;
        }
    }

    private static final Path CONFIG = writeConfig("""
            organization: { name: "Soft Corp", id: "soft-corp", tenant_id: "tenant-soft" }
            rbac:
              user_groups:
                engineering: { roles: ["developer"] }
            providers:
              - { name: fake, type: openai, base_url: "%s/v1", api_key: "%s", models: ["house-model"] }
            pricing:
              house-model: { input: 1000, output: 1000 }
            cost_management:
              enabled: true
              enforcement:
                soft_limits: true
                hard_limits: false
                grace_period: 1
                auto_throttling: true
                throttle_start: 0.5
                throttle_requests_per_minute: 60
            """.formatted(FAKE.baseUrl(), GatewayTestBase.OPENAI_UPSTREAM_KEY));

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        registry.add("aurelis.config", CONFIG::toString);
    }

    @Test
    void aSoftLimitWarnsDuringItsGracePeriodAndHardensAfterIt() {
        String key = newKey("graceful@soft.example", "engineering");
        JsonNode budget = budget("{\"scope\":\"user\",\"subject\":\"graceful@soft.example\",\"limit\":0.05}");
        assertThat(budget.path("enforcement").asString()).isEqualTo("soft, hardens after 1 h");
        FAKE.usage(10, 6);
        // 0.016 USD each; minutes apart so that throttling never gets in the way.
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> ok = openAi("/v1/chat/completions", key, chat("house-model", false, 6));
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            CLOCK.advance(Duration.ofMinutes(2));
        }
        HttpResponse<String> warned = openAi("/v1/chat/completions", key, chat("house-model", false, 6));
        assertThat(warned.statusCode()).isEqualTo(200);
        assertThat(warned.headers().firstValue("x-aurelis-budget-warning").orElseThrow()).contains("is over its limit");

        CLOCK.advance(Duration.ofMinutes(61));
        HttpResponse<String> refused = openAi("/v1/chat/completions", key, chat("house-model", false, 6));

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(json(refused.body()).path("error").path("code").asString()).isEqualTo("budget_exceeded");
        JsonNode status = json(admin("GET", "/api/v1/budgets/" + budget.path("id").asString(), null).body());
        assertThat(status.path("current").path("exceeded_at").isNull()).isFalse();
    }

    @Test
    void autoThrottlingSpacesRequestsOutOncePastItsStart() {
        String key = newKey("throttled@soft.example", "engineering");
        budget("{\"scope\":\"user\",\"subject\":\"throttled@soft.example\",\"limit\":0.05}");
        FAKE.usage(10, 6);
        for (int i = 0; i < 2; i++) {
            assertThat(openAi("/v1/chat/completions", key, chat("house-model", false, 6)).statusCode()).isEqualTo(200);
            CLOCK.advance(Duration.ofMinutes(2));
        }
        // 0.032 of 0.05 spent (64 %): one request admitted, the next one within the interval slowed down.
        assertThat(openAi("/v1/chat/completions", key, chat("house-model", false, 6)).statusCode()).isEqualTo(200);
        HttpResponse<String> slowed = openAi("/v1/chat/completions", key, chat("house-model", false, 6));

        assertThat(slowed.statusCode()).isEqualTo(429);
        JsonNode error = json(slowed.body()).path("error");
        assertThat(error.path("code").asString()).isEqualTo("budget_throttled");
        assertThat(error.path("message").asString()).contains("slowed down", "user 'throttled@soft.example' monthly budget");
        assertThat(slowed.headers().firstValue("retry-after")).contains("2");
        assertThat(slowed.headers().firstValue("x-should-retry")).contains("true");

        CLOCK.advance(Duration.ofSeconds(2));
        assertThat(openAi("/v1/chat/completions", key, chat("house-model", false, 6)).statusCode()).isEqualTo(200);
    }
}
