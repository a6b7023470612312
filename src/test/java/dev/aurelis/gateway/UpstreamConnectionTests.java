package dev.aurelis.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayTestBase;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Exchanges reuse the provider's connections: an exchange that read its answer to the end hands the connection back
 * to the pool. A gateway that opened one connection per exchange would pay a TCP handshake each time, and under
 * load run out of local ports, which reads as the provider failing to connect.
 */
class UpstreamConnectionTests extends GatewayTestBase {

    private static final String CHAT = """
            {"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""";
    private static final String STREAMED_CHAT = """
            {"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"hi"}]}""";
    private static final String STREAMED_MESSAGES = """
            {"model":"claude-sonnet-4-5","max_tokens":16,"stream":true,"messages":[{"role":"user","content":"hi"}]}""";

    @Test
    void consecutiveExchangesShareOneConnectionToTheProvider() {
        String key = newKey("pool@example.com", "engineering");
        FAKE.clearRequests();

        for (int i = 0; i < 4; i++) {
            assertThat(openAi("/v1/chat/completions", key, CHAT).statusCode()).isEqualTo(200);
            HttpResponse<String> streamed = openAi("/v1/chat/completions", key, STREAMED_CHAT);
            assertThat(streamed.body()).contains("[DONE]");
        }

        assertThat(FAKE.requestCount()).isEqualTo(8);
        assertThat(FAKE.connectionCount()).as("connections the gateway opened to the provider").isEqualTo(1);
    }

    @Test
    void aStreamTranslatedForAnotherFormatAlsoLeavesItsConnectionInThePool() {
        String key = newKey("pool@example.com", "engineering");
        FAKE.clearRequests();

        for (int i = 0; i < 4; i++) {
            assertThat(anthropic("/v1/messages", key, STREAMED_MESSAGES).body()).contains("message_stop");
            assertThat(openAi("/v1/chat/completions", key, STREAMED_MESSAGES.replace("\"max_tokens\":16,", ""))
                    .body()).contains("[DONE]");
        }

        assertThat(FAKE.requestCount()).isEqualTo(8);
        assertThat(FAKE.connectionCount()).as("connections the gateway opened to the provider").isEqualTo(1);
    }
}
