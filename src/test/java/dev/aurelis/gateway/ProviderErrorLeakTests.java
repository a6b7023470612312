package dev.aurelis.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.Fault;
import dev.aurelis.testing.GatewayTestBase;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A provider's error reaches the client only as its sanitised message: no credential that looks like one, and none
 * of the values Aurelis sent the provider (its API key), whatever the provider echoes back.
 */
class ProviderErrorLeakTests extends GatewayTestBase {

    private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String MESSAGE = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String ECHO = "Rejected request with headers {\"authorization\": \"Bearer " + OPENAI_UPSTREAM_KEY
            + "\", \"x-api-key\": \"" + ANTHROPIC_UPSTREAM_KEY + "\"}; other keys seen: sk-proj-AbCdEfGhIjKlMnOp1234, "
            + "api_key=plain-secret-value, token: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLWJ5dGVz";

    private static void assertNothingLeaks(String body) {
        assertThat(body).doesNotContain(OPENAI_UPSTREAM_KEY, ANTHROPIC_UPSTREAM_KEY, "sk-proj-AbCdEfGhIjKlMnOp1234",
                "plain-secret-value", "eyJhbGciOiJIUzI1NiJ9", "c2lnbmF0dXJlLWJ5dGVz").contains("[redacted]");
    }

    @Test
    void anOpenAiProviderEchoingCredentialsIsRelayedSanitisedWithItsStatus() {
        String key = newKey("eve@example.com", "engineering");
        FAKE.failNext(Fault.status(400).withError("invalid_request_error", ECHO));

        HttpResponse<String> response = openAi("/v1/chat/completions", key, CHAT);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = json(response.body()).path("error");
        assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asString()).startsWith("Rejected request with headers");
        assertNothingLeaks(response.body());
    }

    @Test
    void anAnthropicProviderEchoingCredentialsIsRelayedSanitisedAndItsCredentialRefusalIsABadGateway() {
        String key = newKey("eve@example.com", "engineering");
        FAKE.failNext(Fault.status(429).withError("rate_limit_error", ECHO));
        HttpResponse<String> limited = anthropic("/v1/messages", key, MESSAGE);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(json(limited.body()).path("type").asString()).isEqualTo("error");
        assertNothingLeaks(limited.body());

        FAKE.failNext(Fault.status(401).withError("authentication_error", "invalid x-api-key " + ANTHROPIC_UPSTREAM_KEY));
        HttpResponse<String> refused = anthropic("/v1/messages", key, MESSAGE);
        assertThat(refused.statusCode()).isEqualTo(502);
        assertThat(refused.body()).doesNotContain(ANTHROPIC_UPSTREAM_KEY).contains("api_key");
    }

    @Test
    void countTokensRelaysAProviderErrorOnlySanitised() {
        String key = newKey("eve@example.com", "engineering");
        FAKE.failNext(Fault.status(400).withError("invalid_request_error", ECHO));

        HttpResponse<String> response = anthropic("/v1/messages/count_tokens", key, MESSAGE);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertNothingLeaks(response.body());
    }

    @Test
    void aStreamedErrorEventIsSanitisedToo() {
        String key = newKey("eve@example.com", "engineering");
        FAKE.failNext(Fault.errorEventMidStream(0).withError("overloaded_error", ECHO));

        HttpResponse<String> response = anthropic("/v1/messages", key, MESSAGE.replace("\"max_tokens\"", "\"stream\":true,\"max_tokens\""));

        assertThat(response.body()).doesNotContain(OPENAI_UPSTREAM_KEY, ANTHROPIC_UPSTREAM_KEY, "plain-secret-value");
    }
}
