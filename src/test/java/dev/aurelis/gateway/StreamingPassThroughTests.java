package dev.aurelis.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayTestBase;
import dev.aurelis.testing.StreamGate;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Streams are relayed event by event: the client reads the first events while the provider is still held
 * mid-answer, which could not happen if the gateway buffered the stream. The provider is held after its first
 * token: the opening events before it are held back on purpose until then (ADR 0017), so that a failure before
 * the first token can be retried invisibly.
 */
class StreamingPassThroughTests extends GatewayTestBase {

    private List<String> readLinesUntil(BufferedReader reader, String marker) throws Exception {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = reader.readLine()) != null) {
            lines.add(line);
            if (line.contains(marker)) {
                return lines;
            }
        }
        throw new AssertionError("stream ended before " + marker + ": " + lines);
    }

    @Test
    void aClientSeesTheFirstEventsBeforeTheProviderHasFinished() throws Exception {
        FAKE.reply("alpha beta gamma delta");
        // message_start, content_block_start, ping, the first text_delta ("alpha ")
        StreamGate gate = FAKE.holdStreamsAfter(4);
        String key = newKey("stream@example.com", "engineering");
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/messages"))
                .header("x-api-key", key).header("anthropic-version", "2023-06-01").header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model":"claude-sonnet-4-5","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"go"}]}"""))
                .build();

        HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            List<String> early = readLinesUntil(reader, "alpha");
            assertThat(early).anyMatch(l -> l.contains("message_start")).anyMatch(l -> l.contains("content_block_start"))
                    .noneMatch(l -> l.contains("beta"));
            assertThat(FAKE.requestCount()).isEqualTo(1);

            gate.release();
            List<String> rest = readLinesUntil(reader, "message_stop");
            assertThat(String.join("\n", rest)).contains("gamma");
        }
    }

    @Test
    void anOpenAiStreamTranslatedFromAnthropicIsAlsoRelayedEventByEvent() throws Exception {
        FAKE.reply("one two three");
        // message_start, content_block_start, ping, the first text_delta ("one ")
        StreamGate gate = FAKE.holdStreamsAfter(4);
        String key = newKey("stream@example.com", "engineering");
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model":"claude-sonnet-4-5","stream":true,"messages":[{"role":"user","content":"go"}]}"""))
                .build();

        HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            List<String> early = readLinesUntil(reader, "\"content\":\"one");
            assertThat(early).anyMatch(l -> l.contains("\"role\":\"assistant\""))
                    .noneMatch(l -> l.contains("two")).noneMatch(l -> l.contains("[DONE]"));

            gate.release();
            assertThat(String.join("\n", readLinesUntil(reader, "[DONE]"))).contains("three");
        }
    }
}
