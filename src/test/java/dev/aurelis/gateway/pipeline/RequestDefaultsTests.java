package dev.aurelis.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.gateway.GatewaySettings;
import dev.aurelis.gateway.wire.Json;
import dev.aurelis.providers.WireFormat;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class RequestDefaultsTests {

    private final GatewaySettings settings = new GatewaySettings();

    @Test
    void lowersALargerOutputCapToModelsMaxTokensAndKeepsASmallerOne() {
        settings.configure(1 << 20, null, 4000, null);

        assertThat(apply(WireFormat.OPENAI_CHAT, "{\"model\":\"gpt-4o\",\"max_tokens\":9000}").path("max_tokens").asInt())
                .isEqualTo(4000);
        JsonNode both = apply(WireFormat.OPENAI_CHAT, "{\"model\":\"gpt-4o\",\"max_completion_tokens\":9000,\"max_tokens\":10}");
        assertThat(both.path("max_completion_tokens").asInt()).isEqualTo(4000);
        assertThat(both.path("max_tokens").asInt()).isEqualTo(10);
        assertThat(apply(WireFormat.ANTHROPIC_MESSAGES, "{\"model\":\"claude\",\"max_tokens\":64000}")
                .path("max_tokens").asInt()).isEqualTo(4000);
        assertThat(apply(WireFormat.OPENAI_RESPONSES, "{\"model\":\"gpt-4o\",\"max_output_tokens\":128}")
                .path("max_output_tokens").asInt()).isEqualTo(128);
    }

    @Test
    void givesARequestWithoutACapTheSmallerOfTheDefaultAndTheCap() {
        settings.configure(1 << 20, 8192, 4000, null);
        assertThat(apply(WireFormat.OPENAI_CHAT, "{\"model\":\"gpt-4o\"}").path("max_completion_tokens").asInt())
                .isEqualTo(4000);

        settings.configure(1 << 20, 1000, 4000, null);
        assertThat(apply(WireFormat.OPENAI_RESPONSES, "{\"model\":\"gpt-4o\",\"max_output_tokens\":null}")
                .path("max_output_tokens").asInt()).isEqualTo(1000);

        settings.configure(1 << 20, null, 4000, null);
        assertThat(apply(WireFormat.OPENAI_COMPLETIONS, "{\"model\":\"gpt-4o\"}").path("max_tokens").asInt())
                .isEqualTo(4000);
    }

    @Test
    void givesARequestWithoutATemperatureTheConfiguredOne() {
        settings.configure(1 << 20, null, null, 0.1);

        assertThat(apply(WireFormat.OPENAI_CHAT, "{\"model\":\"gpt-4o\"}").path("temperature").asDouble()).isEqualTo(0.1);
        assertThat(apply(WireFormat.OPENAI_CHAT, "{\"model\":\"gpt-4o\",\"temperature\":null}").path("temperature")
                .asDouble()).isEqualTo(0.1);
        assertThat(apply(WireFormat.OPENAI_CHAT, "{\"model\":\"gpt-4o\",\"temperature\":0.7}").path("temperature")
                .asDouble()).as("the client's own").isEqualTo(0.7);
        assertThat(apply(WireFormat.ANTHROPIC_MESSAGES, "{\"model\":\"claude\",\"max_tokens\":5}").path("temperature")
                .asDouble()).isEqualTo(0.1);
    }

    @Test
    void keepsAnthropicsTemperatureInItsRange() {
        settings.configure(1 << 20, null, null, 1.5);

        assertThat(apply(WireFormat.ANTHROPIC_MESSAGES, "{\"model\":\"claude\",\"max_tokens\":5}").path("temperature")
                .asDouble()).isEqualTo(1.0);
        assertThat(apply(WireFormat.OPENAI_CHAT, "{\"model\":\"gpt-4o\"}").path("temperature").asDouble()).isEqualTo(1.5);
    }

    @Test
    void leavesTheTemperatureOfReasoningRequestsAndModelsAlone() {
        settings.configure(1 << 20, null, null, 0.1);

        assertThat(apply(WireFormat.ANTHROPIC_MESSAGES,
                "{\"model\":\"claude\",\"max_tokens\":5,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}}")
                .has("temperature")).isFalse();
        assertThat(apply(WireFormat.ANTHROPIC_MESSAGES,
                "{\"model\":\"claude\",\"max_tokens\":5,\"thinking\":{\"type\":\"disabled\"}}").has("temperature")).isTrue();
        assertThat(apply(WireFormat.OPENAI_RESPONSES, "{\"model\":\"gpt-4o\",\"reasoning\":{\"effort\":\"low\"}}")
                .has("temperature")).isFalse();
        assertThat(apply(WireFormat.OPENAI_CHAT, "{\"model\":\"gpt-4o\",\"reasoning_effort\":\"low\"}")
                .has("temperature")).isFalse();
        for (String model : new String[] {"o3-mini", "o1", "o4-mini", "gpt-5", "gpt-5.1-codex", "openai/gpt-5-mini",
                "codex-mini-latest"}) {
            assertThat(apply(WireFormat.OPENAI_CHAT, "{\"model\":\"" + model + "\"}").has("temperature")).as(model).isFalse();
        }
        assertThat(apply(WireFormat.OPENAI_CHAT, "{\"model\":\"gpt-4o-mini\"}").has("temperature")).isTrue();
    }

    @Test
    void leavesEmbeddingsAndUnconfiguredGatewaysAlone() {
        settings.configure(1 << 20, 100, 4000, 0.1);
        ExchangeRequest embeddings = request("{\"model\":\"text-embedding-3-small\",\"input\":\"hi\"}");
        assertThat(RequestDefaults.apply(WireFormat.OPENAI_EMBEDDINGS, embeddings, settings)).isSameAs(embeddings);

        settings.configure(1 << 20, null, null, null);
        ExchangeRequest chat = request("{\"model\":\"gpt-4o\",\"max_tokens\":9000}");
        assertThat(RequestDefaults.apply(WireFormat.OPENAI_CHAT, chat, settings)).isSameAs(chat);
    }

    @Test
    void forwardsTheChangedBodyOnlyWhenADefaultApplied() {
        settings.configure(1 << 20, null, 4000, null);
        ExchangeRequest small = request("{\"model\":\"gpt-4o\",\"max_tokens\":10}");
        assertThat(RequestDefaults.apply(WireFormat.OPENAI_CHAT, small, settings)).isSameAs(small);

        ExchangeRequest large = request("{\"model\":\"gpt-4o\",\"max_tokens\":10000}");
        ExchangeRequest capped = RequestDefaults.apply(WireFormat.OPENAI_CHAT, large, settings);
        assertThat(Json.readObject(capped.raw()).path("max_tokens").asInt()).isEqualTo(4000);
    }

    private JsonNode apply(WireFormat format, String body) {
        return Json.readObject(RequestDefaults.apply(format, request(body), settings).raw());
    }

    private static ExchangeRequest request(String body) {
        ObjectNode parsed = Json.readObject(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new ExchangeRequest(parsed, body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                parsed.path("model").asString(), false);
    }
}
