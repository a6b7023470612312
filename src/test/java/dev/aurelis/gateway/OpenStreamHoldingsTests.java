package dev.aurelis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aurelis.testing.GatewayTestBase;
import dev.aurelis.testing.StreamGate;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * What an open stream holds of its request (ADR 0083): once the client has the start of the answer, no other attempt
 * can follow, so the parsed request goes and its body gives back all but the bytes sent of the gateway's body budget.
 */
class OpenStreamHoldingsTests extends GatewayTestBase {

    @Autowired
    private MeterRegistry meters;

    @Test
    void anOpenStreamGivesBackMostOfItsBodysShareOnceTheAnswerStarted() throws Exception {
        FAKE.reply("alpha beta gamma");
        String key = newKey("holdings@example.com", "engineering");
        await().atMost(Duration.ofSeconds(10)).until(() -> held() == 0); // earlier exchanges have all left
        // message_start, content_block_start, ping, the first text_delta ("alpha ")
        StreamGate gate = FAKE.holdStreamsAfter(4);
        String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"" + "Refactor this module. ".repeat(3_600) + "\"}]}";
        long length = body.getBytes(StandardCharsets.UTF_8).length;
        assertThat(length).isBetween(79_000L, 81_000L); // a coding agent's request

        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/messages"))
                .header("x-api-key", key).header("anthropic-version", "2023-06-01")
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            readUntil(reader, "alpha");
            // the bytes sent (kept for the prompt's figures) and the exchange's 32 KiB, not six times the body
            assertThat(held()).isEqualTo(((length + 32 * 1024 + 1023) / 1024) * 1024.0);

            gate.release();
            readUntil(reader, "message_stop");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> held() == 0);
        JsonNode record = ledgerRecord(response);
        assertThat(record.path("status").asInt()).isEqualTo(200);
        assertThat(record.path("input_tokens").asLong()).isPositive(); // the provider's report, as ever
    }

    private double held() {
        return meters.get("aurelis.gateway.request_bodies.held").gauge().value();
    }

    private static void readUntil(BufferedReader reader, String marker) throws Exception {
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.contains(marker)) {
                return;
            }
        }
        throw new AssertionError("the stream ended before " + marker);
    }
}
