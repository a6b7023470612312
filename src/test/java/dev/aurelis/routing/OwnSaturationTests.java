package dev.aurelis.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aurelis.testing.StreamGate;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The gateway's own slowness is never a healthy provider's failure (issue 20, ADR 0073): on 2 December a loaded
 * gateway marked a healthy provider's deployment unavailable and refused everything with 503
 * {@code deployments_unavailable}. Here the provider answers at once and the gateway side is what is slow (a client
 * that does not read, a client that hangs up), made so deterministically: no sleeps, no timing assertions. east
 * allows its streams 2 s of silence; its breaker opens after two failures in four.
 */
class OwnSaturationTests extends RoutingGatewayTestBase {

    /** Three deltas of 8 MiB: far more than a client's socket and the server's send buffer hold together. */
    private static final int WORD = 8 << 20;

    @Autowired
    MeterRegistry meters;

    @Test
    void aStreamHeldUpByItsSlowClientIsNotCountedAsTheProviderFallingSilent() throws Exception {
        String key = newKey("slow@example.com", "engineering");
        EAST.replyFor("gpt-4o-2024-08-06", ("x".repeat(WORD) + " ").repeat(3).strip());

        try (Socket client = stream(key, "gpt-4o", 4096)) {
            // The first delta has reached the client: the relay has read it and is writing it to a client that now
            // stops reading, so the relay blocks and asks the provider for nothing more.
            InputStream in = client.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            int b;
            int run = 0;
            while (run < 64 && (b = in.read()) != -1) {
                received.write(b);
                run = b == 'x' ? run + 1 : 0;
            }

            // A witness on the same provider with the same 2 s allowance: it falls silent after its first event. It
            // starts after the slow stream's last event, and the watchdog checks every stream in one sweep, so once
            // the witness has timed out the slow stream has been held up for longer than its own allowance.
            StreamGate silent = EAST.holdStreamsAfter(1);
            HttpResponse<String> witness = openAi("/v1/chat/completions", key, chat("lonely", true));
            silent.release();
            // (its opening was sent with the first keep-alive, so the timeout ends the stream with an error event)
            assertThat(witness.body()).as("the witness timed out").contains("\"error\"").contains("stopped sending");
            assertThat(health("east/lonely").failures()).as("a provider that is really silent still counts").isEqualTo(1);

            received.write(in.readAllBytes()); // the client reads again
            String answer = received.toString(StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 200").contains("data: [DONE]").doesNotContain("\"error\"");
            assertThat(answer.chars().filter(c -> c == 'x').count()).as("every delta relayed")
                    .isGreaterThanOrEqualTo(3L * WORD);
        }
        DeploymentStatus east = health("east/gpt-4o");
        assertThat(east.failures()).as(String.valueOf(east.lastError())).isZero();
        assertThat(east.breaker()).isEqualTo("closed");
    }

    @Test
    void aCallerThatHangsUpWhileTheProviderIsWorkingCostsTheProviderNothing() throws Exception {
        String key = newKey("gone@example.com", "engineering");
        StreamGate working = EAST.holdStreamsAfter(1); // the opening chunk, then the provider is still at work

        for (int i = 0; i < 2; i++) {
            try (Socket client = stream(key, "gpt-4o", 0)) {
                EAST.awaitRequests(i + 1, Duration.ofSeconds(10));
            } // hangs up before the first token
        }
        working.release();
        // in flight until the gateway has noticed and settled each of them
        await().atMost(Duration.ofSeconds(30)).until(() -> meters.get("aurelis.gateway.exchanges.in_flight").gauge()
                .value() == 0);

        DeploymentStatus east = health("east/gpt-4o");
        assertThat(east.failures()).as(String.valueOf(east.lastError())).isZero();
        assertThat(east.breaker()).isEqualTo("closed");
        assertThat(openAi("/v1/chat/completions", key, chat("gpt-4o", false)).statusCode()).isEqualTo(200);
    }

    /** Sends a streamed chat request on a socket of its own; {@code receiveBuffer} 0 leaves the system's. */
    private Socket stream(String key, String model, int receiveBuffer) throws IOException {
        Socket client = new Socket();
        if (receiveBuffer > 0) {
            client.setReceiveBufferSize(receiveBuffer); // before connecting, so the window is small from the start
        }
        client.connect(new InetSocketAddress("127.0.0.1", port));
        client.setSoTimeout(60_000);
        byte[] body = chat(model, true).getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer " + key
                + "\r\ncontent-type: application/json\r\ncontent-length: " + body.length + "\r\nconnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        OutputStream out = client.getOutputStream();
        byte[] request = java.util.Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        out.write(request);
        out.flush();
        return client;
    }
}
