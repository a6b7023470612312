package dev.aurelis.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayTestBase;
import dev.aurelis.testing.RecordedRequest;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AnthropicEndpointsTests extends GatewayTestBase {

    private static final String MESSAGE = """
            {"model":"claude-sonnet-4-5","max_tokens":1024,"system":"You are a careful reviewer",
             "messages":[{"role":"user","content":"Review this diff"}],
             "thinking":{"type":"enabled","budget_tokens":2048},
             "metadata":{"user_id":"{\\"session\\":\\"abc\\"}"},
             "context_management":{"edits":[]}}""";

    @Test
    void relaysAMessageAsClaudeCodeSendsItAndMetersCacheReadsAndWrites() {
        FAKE.reply("Looks good").usage(400, 80).cachedTokens(3000).cacheCreationTokens(500);
        String key = newKey("cleo@example.com", "engineering");

        HttpResponse<String> response = anthropic("/v1/messages?beta=true", key, MESSAGE,
                "anthropic-beta", "interleaved-thinking-2025-05-14,context-management-2025-06-27",
                "user-agent", "claude-cli/2.1.0 (external, cli)", "x-claude-code-session-id", "s-123");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response.body());
        assertThat(body.path("type").asString()).isEqualTo("message");
        assertThat(body.path("content").get(0).path("text").asString()).isEqualTo("Looks good");

        RecordedRequest sent = FAKE.lastRequest();
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.query()).isEqualTo("beta=true");
        assertThat(sent.header("x-api-key")).isEqualTo(ANTHROPIC_UPSTREAM_KEY);
        assertThat(sent.header("anthropic-beta")).isEqualTo("interleaved-thinking-2025-05-14,context-management-2025-06-27");
        assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(sent.header("x-claude-code-session-id")).isEqualTo("s-123");
        assertThat(sent.hasHeader("authorization")).isFalse();
        assertThat(sent.model()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(sent.body().path("context_management").isObject()).isTrue();
        assertThat(sent.body().path("thinking").path("budget_tokens").asInt()).isEqualTo(2048);

        JsonNode record = ledgerRecord(response);
        assertThat(record.path("client_tool").asString()).isEqualTo("claude-code");
        // Anthropic reports fresh input apart from cache reads and writes; the ledger counts all prompt tokens.
        assertThat(record.path("input_tokens").asLong()).isEqualTo(3900);
        assertThat(record.path("cached_tokens").asLong()).isEqualTo(3000);
        assertThat(record.path("cache_write_tokens").asLong()).isEqualTo(500);
        assertThat(record.path("output_tokens").asLong()).isEqualTo(80);
        // 400 × 3.00 + 3000 × 0.30 + 500 × 3.75 + 80 × 15.00 per million
        assertThat(new BigDecimal(record.path("cost").asString())).isEqualByComparingTo("0.005175");
    }

    @Test
    void streamsAMessageEventByEventAndChargesItLikeTheNonStreamedOne() {
        FAKE.reply("Ship it now").usage(400, 80).cachedTokens(3000).cacheCreationTokens(500);
        String key = newKey("cleo@example.com", "engineering");

        HttpResponse<String> response = anthropic("/v1/messages?beta=true", key,
                MESSAGE.replace("\"max_tokens\":1024", "\"max_tokens\":1024,\"stream\":true"));

        assertThat(response.statusCode()).isEqualTo(200);
        List<String[]> events = events(response.body());
        assertThat(events.getFirst()[0]).isEqualTo("message_start");
        assertThat(events.getLast()[0]).isEqualTo("message_stop");
        String text = events.stream().filter(e -> "content_block_delta".equals(e[0]))
                .map(e -> json(e[1]).path("delta").path("text").asString("")).reduce("", String::concat);
        assertThat(text).isEqualTo("Ship it now");

        JsonNode record = ledgerRecord(response);
        assertThat(record.path("streamed").asBoolean()).isTrue();
        assertThat(record.path("output_tokens").asLong()).isEqualTo(80);
        assertThat(new BigDecimal(record.path("cost").asString())).isEqualByComparingTo("0.005175");
    }

    @Test
    void countsTokensAtAnAnthropicProvider() {
        FAKE.usage(77, 0);
        String key = newKey("cleo@example.com", "engineering");

        HttpResponse<String> response = anthropic("/v1/messages/count_tokens", key, """
                {"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"How many?"}]}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response.body()).path("input_tokens").asInt()).isEqualTo(77);
        assertThat(FAKE.lastRequest().path()).isEqualTo("/v1/messages/count_tokens");
        assertThat(FAKE.lastRequest().model()).isEqualTo("claude-sonnet-4-5-20250929");
    }

    @Test
    void countsTokensLocallyForAModelServedByAnOpenAiProvider() {
        String key = newKey("cleo@example.com", "engineering");

        HttpResponse<String> response = anthropic("/v1/messages/count_tokens", key, """
                {"model":"gpt-4o","system":"Be brief","messages":[{"role":"user","content":"Hello there, how are you today?"}]}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response.body()).path("input_tokens").asInt()).isBetween(10, 30);
        assertThat(FAKE.requestCount()).isZero();
    }

    @Test
    void acceptsTheKeyAsBearerTokenToo() {
        String key = newKey("cleo@example.com", "engineering");

        HttpResponse<String> response = anthropic("/v1/messages", null, MESSAGE, "authorization", "Bearer " + key);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void listsModelsInAnthropicsShapeForAnthropicClients() {
        String key = newKey("cleo@example.com", "restricted");

        HttpResponse<String> response = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/v1/models"))
                .header("x-api-key", key).header("anthropic-version", "2023-06-01").build());

        JsonNode body = json(response.body());
        assertThat(body.path("data").get(0).path("type").asString()).isEqualTo("model");
        assertThat(body.path("data").get(0).path("id").asString()).isEqualTo("gpt-4o-mini");
        assertThat(body.path("has_more").asBoolean()).isFalse();
    }

    @Test
    void answersClaudeCodesConnectivityProbe() {
        HttpResponse<String> response = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/"))
                .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build());

        assertThat(response.statusCode()).isEqualTo(200);
    }
}
