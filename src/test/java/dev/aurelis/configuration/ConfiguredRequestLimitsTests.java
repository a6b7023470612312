package dev.aurelis.configuration;

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
 * The settings of the brief's {@code models:} and {@code environments:} sections act on real exchanges, in both wire
 * formats: {@code models.max_tokens} caps output, {@code models.temperature} fills a missing temperature, and the
 * running environment's {@code cost_limits} are the organisation's daily and monthly budgets.
 */
class ConfiguredRequestLimitsTests extends SpendTestBase {

    private static final Path CONFIG = writeConfig("""
            organization: { name: "Limits Corp", id: "limits-corp" }
            environment: production
            models: { max_tokens: 500, temperature: 0.2, timeout: 5 }
            gateway: { default_max_tokens: 100 }
            environments:
              staging:
                cost_limits: { daily: 1000, monthly: 5000 }
              production:
                cost_limits: { daily: 0.02, monthly: 100 }
            rbac:
              user_groups:
                engineering: { roles: ["developer"] }
            providers:
              - name: fake-openai
                type: openai
                base_url: "%1$s/v1"
                api_key: "%2$s"
                models: ["free-model", "house-model"]
              - name: fake-anthropic
                type: anthropic
                base_url: "%1$s"
                api_key: "%3$s"
                models:
                  - { name: "claude-sonnet-4-5", id: "claude-sonnet-4-5-20250929" }
            pricing:
              free-model: { input: 0, output: 0 }
              claude-sonnet-4-5: { input: 0, output: 0 }
              house-model: { input: 1000, output: 1000 }
            """.formatted(FAKE.baseUrl(), GatewayTestBase.OPENAI_UPSTREAM_KEY, GatewayTestBase.ANTHROPIC_UPSTREAM_KEY));

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        registry.add("aurelis.config", CONFIG::toString);
    }

    @Test
    void modelsMaxTokensCapsOutputAndTemperatureFillsTheGapInOpenAiRequests() {
        String key = newKey("openai@limits.example", "engineering");

        assertThat(openAi("/v1/chat/completions", key, chat("free-model", false, 5000)).statusCode()).isEqualTo(200);
        JsonNode sent = FAKE.lastRequest().body();
        assertThat(sent.path("max_tokens").asInt()).as("lowered to models.max_tokens").isEqualTo(500);
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.2);

        assertThat(openAi("/v1/chat/completions", key, chat("free-model", true, 50)).statusCode()).isEqualTo(200);
        assertThat(FAKE.lastRequest().body().path("max_tokens").asInt()).as("a smaller cap stays").isEqualTo(50);

        assertThat(openAi("/v1/chat/completions", key,
                "{\"model\":\"free-model\",\"temperature\":0.9,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .statusCode()).isEqualTo(200);
        sent = FAKE.lastRequest().body();
        assertThat(sent.path("temperature").asDouble()).as("the client's own").isEqualTo(0.9);
        assertThat(sent.path("max_completion_tokens").asInt()).as("gateway.default_max_tokens").isEqualTo(100);

        assertThat(openAi("/v1/responses", key,
                "{\"model\":\"free-model\",\"input\":\"hi\",\"max_output_tokens\":9000,\"reasoning\":{\"effort\":\"low\"}}")
                .statusCode()).isEqualTo(200);
        sent = FAKE.lastRequest().body();
        assertThat(sent.path("max_output_tokens").asInt()).isEqualTo(500);
        assertThat(sent.has("temperature")).as("reasoning requests keep their default").isFalse();
    }

    @Test
    void modelsMaxTokensCapsOutputAndTemperatureFillsTheGapInAnthropicRequests() {
        String key = newKey("anthropic@limits.example", "engineering");

        assertThat(anthropic("/v1/messages", key, message("claude-sonnet-4-5", false, 64000)).statusCode())
                .isEqualTo(200);
        JsonNode sent = FAKE.lastRequest().body();
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(500);
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.2);

        assertThat(anthropic("/v1/messages", key, "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":2000,"
                + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode()).isEqualTo(200);
        sent = FAKE.lastRequest().body();
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(500);
        assertThat(sent.has("temperature")).as("extended thinking requires the default temperature").isFalse();

        // an OpenAI client served by the Anthropic deployment: the cap travels through the translation
        assertThat(openAi("/v1/chat/completions", key, chat("claude-sonnet-4-5", false, 7000)).statusCode())
                .isEqualTo(200);
        assertThat(FAKE.lastRequest().body().path("max_tokens").asInt()).isEqualTo(500);
    }

    @Test
    void theRunningEnvironmentsCostLimitsAreTheOrganizationsDailyAndMonthlyBudgets() {
        JsonNode budgets = json(admin("GET", "/api/v1/budgets", null).body()).get("budgets");
        assertThat(budgets.valueStream().filter(b -> b.path("scope").asString().equals("organization"))
                .map(b -> b.path("period").asString() + " " + b.path("limit").decimalValue().stripTrailingZeros().toPlainString())
                .toList())
                .containsExactlyInAnyOrder("daily 0.02", "monthly 100");

        // house-model: 0.001 per token; 20 tokens of output already exceed the day's 0.02
        String key = newKey("daily@limits.example", "engineering");
        HttpResponse<String> refused = openAi("/v1/chat/completions", key, chat("house-model", false, 30));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(json(refused.body()).path("error").path("message").asString())
                .contains("the organization daily budget");
        assertThat(FAKE.requests()).isEmpty();
    }
}
