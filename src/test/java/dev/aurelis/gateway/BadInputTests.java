package dev.aurelis.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.Fault;
import dev.aurelis.testing.GatewayTestBase;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every kind of bad input or upstream failure gets a clear error in the caller's own wire format. */
class BadInputTests extends GatewayTestBase {

    private static final String CHAT = """
            {"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""";
    private static final String MESSAGE = """
            {"model":"claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}""";

    private static JsonNode openAiError(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = json(response.body()).path("error");
        assertThat(error.path("message").asString()).isNotBlank();
        assertThat(error.path("type").asString()).isNotBlank();
        return error;
    }

    private static JsonNode anthropicError(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response.body());
        assertThat(body.path("type").asString()).isEqualTo("error");
        assertThat(body.path("error").path("message").asString()).isNotBlank();
        return body.path("error");
    }

    @Test
    void rejectsMalformedJsonInEachFormat() {
        String key = newKey("eve@example.com", "engineering");
        assertThat(openAiError(openAi("/v1/chat/completions", key, "{\"model\": \"gpt-4o-mini\", "), 400)
                .path("message").asString()).contains("not valid JSON");
        assertThat(anthropicError(anthropic("/v1/messages", key, "[1, 2"), 400).path("type").asString())
                .isEqualTo("invalid_request_error");
        assertThat(openAiError(openAi("/v1/chat/completions", key, "[]"), 400).path("message").asString())
                .contains("JSON object");
        assertThat(FAKE.requestCount()).isZero();
    }

    @Test
    void rejectsAMissingOrUnknownModel() {
        String key = newKey("eve@example.com", "engineering");
        JsonNode missing = openAiError(openAi("/v1/chat/completions", key, "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 400);
        assertThat(missing.path("param").asString()).isEqualTo("model");

        JsonNode unknown = openAiError(openAi("/v1/chat/completions", key, CHAT.replace("gpt-4o-mini", "gpt-9")), 404);
        assertThat(unknown.path("code").asString()).isEqualTo("model_not_found");
        assertThat(unknown.path("message").asString()).contains("gpt-9");

        assertThat(anthropicError(anthropic("/v1/messages", key, MESSAGE.replace("claude-sonnet-4-5", "claude-9")), 404)
                .path("type").asString()).isEqualTo("not_found_error");
    }

    @Test
    void rejectsFieldsOfTheWrongType() {
        String key = newKey("eve@example.com", "engineering");
        assertThat(openAiError(openAi("/v1/chat/completions", key, "{\"model\":42,\"messages\":[]}"), 400)
                .path("param").asString()).isEqualTo("model");
        assertThat(openAiError(openAi("/v1/chat/completions", key, CHAT.replace("}]}", "}],\"stream\":\"yes\"}")), 400)
                .path("param").asString()).isEqualTo("stream");
        assertThat(openAiError(openAi("/v1/chat/completions", key, "{\"model\":\"gpt-4o-mini\",\"messages\":\"hi\"}"), 400)
                .path("param").asString()).isEqualTo("messages");
        assertThat(anthropicError(anthropic("/v1/messages", key, MESSAGE.replace("64", "\"many\"")), 400)
                .path("message").asString()).contains("max_tokens");
        assertThat(openAiError(openAi("/v1/embeddings", key, "{\"model\":\"text-embedding-3-small\",\"input\":5}"), 400)
                .path("param").asString()).isEqualTo("input");
        assertThat(FAKE.requestCount()).isZero();
    }

    @Test
    void rejectsABodyOverTheConfiguredLimit() {
        String key = newKey("eve@example.com", "engineering");
        String big = CHAT.replace("\"hi\"", "\"" + "x".repeat(300 * 1024) + "\"");

        JsonNode error = openAiError(openAi("/v1/chat/completions", key, big), 413);
        assertThat(error.path("message").asString()).contains("limit");
        assertThat(anthropicError(anthropic("/v1/messages", key, big.replace("gpt-4o-mini", "claude-sonnet-4-5")), 413)
                .path("type").asString()).isEqualTo("request_too_large");
        assertThat(FAKE.requestCount()).isZero();
    }

    @Test
    void acceptsALargeCodingAgentRequestUnderTheLimit() {
        String key = newKey("eve@example.com", "engineering");
        String large = CHAT.replace("\"hi\"", "\"" + "y".repeat(120 * 1024) + "\"");

        assertThat(openAi("/v1/chat/completions", key, large).statusCode()).isEqualTo(200);
        assertThat(FAKE.lastRequest().bodyText()).hasSize(large.length());
    }

    @Test
    void refusesMissingUnknownRevokedAndExpiredKeys() {
        assertThat(openAiError(openAi("/v1/chat/completions", null, CHAT), 401).path("message").asString())
                .contains("No API key");
        assertThat(anthropicError(anthropic("/v1/messages", null, MESSAGE), 401).path("type").asString())
                .isEqualTo("authentication_error");
        assertThat(openAiError(openAi("/v1/chat/completions", "aur-not-a-real-key", CHAT), 401)
                .path("code").asString()).isEqualTo("invalid_api_key");

        HttpResponse<String> created = admin("POST", "/api/v1/keys", "{\"user\":\"eve@example.com\",\"team\":\"engineering\"}");
        JsonNode key = json(created.body());
        assertThat(admin("DELETE", "/api/v1/keys/" + key.path("id").asString(), null).statusCode()).isEqualTo(204);
        assertThat(openAiError(openAi("/v1/chat/completions", key.path("key").asString(), CHAT), 401)
                .path("message").asString()).contains("revoked");

        String expiring = newKey("{\"user\":\"eve@example.com\",\"team\":\"engineering\",\"expires_at\":\"2999-01-01\"}");
        assertThat(openAi("/v1/chat/completions", expiring, CHAT).statusCode()).isEqualTo(200);
        HttpResponse<String> past = admin("POST", "/api/v1/keys", "{\"user\":\"eve@example.com\",\"expires_at\":\"2020-01-01\"}");
        assertThat(past.statusCode()).isEqualTo(400);
        assertThat(FAKE.requestCount()).isEqualTo(1);
    }

    @Test
    void refusesAModelOutsideTheTeamsAllowList() {
        String key = newKey("rex@example.com", "restricted");

        JsonNode error = openAiError(openAi("/v1/chat/completions", key, CHAT.replace("gpt-4o-mini", "gpt-4o")), 403);
        assertThat(error.path("message").asString()).contains("restricted").contains("gpt-4o");
        assertThat(openAi("/v1/chat/completions", key, CHAT).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesACallerWhoseRolesDoNotGrantModelUse() {
        String key = newKey("vic@example.com", "watchers");

        assertThat(anthropicError(anthropic("/v1/messages", key, MESSAGE), 403).path("type").asString())
                .isEqualTo("permission_error");
    }

    @Test
    void relaysAProviderErrorInTheClientsFormat() {
        String key = newKey("eve@example.com", "engineering");
        FAKE.failNext(Fault.status(500).withError("server_error", "The upstream model crashed"));
        JsonNode error = openAiError(openAi("/v1/chat/completions", key, CHAT), 500);
        assertThat(error.path("message").asString()).isEqualTo("The upstream model crashed");

        FAKE.failNext(Fault.status(429).withError("rate_limit_error", "Slow down").withRetryAfter(Duration.ofSeconds(7)));
        HttpResponse<String> limited = anthropic("/v1/messages", key, MESSAGE);
        anthropicError(limited, 429);
        assertThat(limited.headers().firstValue("retry-after")).contains("7");
    }

    @Test
    void reportsAProviderRefusingAurelissCredentialsAsBadGatewayNotAsTheCallersFault() {
        String key = newKey("eve@example.com", "engineering");
        FAKE.failNext(Fault.status(401).withError("authentication_error", "invalid x-api-key"));

        HttpResponse<String> response = anthropic("/v1/messages", key, MESSAGE);

        JsonNode error = anthropicError(response, 502);
        assertThat(error.path("message").asString()).contains("fake-anthropic").contains("api_key").contains("invalid x-api-key");
    }

    @Test
    void translatesAProviderErrorWhenTheFormatsDiffer() {
        String key = newKey("eve@example.com", "engineering");
        FAKE.failNext(Fault.status(400).withError("invalid_request_error", "messages: roles must alternate"));

        HttpResponse<String> response = openAi("/v1/chat/completions", key, CHAT.replace("gpt-4o-mini", "claude-sonnet-4-5"));

        JsonNode error = openAiError(response, 400);
        assertThat(error.path("message").asString()).isEqualTo("messages: roles must alternate");
    }

    @Test
    void reportsAnUnreachableProviderAsBadGateway() {
        String key = newKey("eve@example.com", "engineering");

        JsonNode error = openAiError(openAi("/v1/chat/completions", key, CHAT.replace("gpt-4o-mini", "dead-model")), 502);
        assertThat(error.path("message").asString()).contains("unreachable");
    }

    @Test
    void reportsAProviderThatDoesNotAnswerInTimeAsGatewayTimeout() {
        String key = newKey("eve@example.com", "engineering");
        FAKE.failNext(Fault.delayHeaders(Duration.ofSeconds(6)));

        JsonNode error = anthropicError(anthropic("/v1/messages", key, MESSAGE), 504);
        assertThat(error.path("message").asString()).contains("did not answer");
    }

    @Test
    void endsAStreamThatBreaksOffWithAnErrorEventAndRecordsIt() {
        String key = newKey("eve@example.com", "engineering");
        FAKE.failNext(Fault.dropMidStream(4)); // after the first text delta: a failure before it is retried invisibly

        HttpResponse<String> response = anthropic("/v1/messages", key, MESSAGE.replace("\"max_tokens\":64", "\"max_tokens\":64,\"stream\":true"));

        List<String[]> events = events(response.body());
        assertThat(events.getLast()[0]).isEqualTo("error");
        assertThat(json(events.getLast()[1]).path("error").path("type").asString()).isEqualTo("api_error");
        JsonNode record = ledgerRecord(response);
        assertThat(record.path("status").asInt()).isEqualTo(502);
        assertThat(record.path("error_type").asString()).isEqualTo("stream_interrupted");
    }

    @Test
    void endsABrokenOpenAiStreamWithAnErrorChunkAndDone() {
        String key = newKey("eve@example.com", "engineering");
        FAKE.failNext(Fault.dropMidStream(2));

        HttpResponse<String> response = openAi("/v1/chat/completions", key, CHAT.replace("}]}", "}],\"stream\":true}"));

        List<String[]> events = events(response.body());
        assertThat(events.getLast()[1]).isEqualTo("[DONE]");
        assertThat(json(events.get(events.size() - 2)[1]).path("error").path("message").asString()).contains("broke off");
    }

    @Test
    void refusesAnOpenAiOnlyOperationForAnAnthropicModel() {
        String key = newKey("eve@example.com", "engineering");

        JsonNode error = openAiError(openAi("/v1/embeddings", key, "{\"model\":\"claude-sonnet-4-5\",\"input\":\"x\"}"), 400);
        assertThat(error.path("message").asString()).contains("Anthropic Messages API").contains("Embeddings");
    }
}
