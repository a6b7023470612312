package dev.aurelis.providers;

import dev.aurelis.testing.FakeUpstream;
import dev.aurelis.testing.StreamGate;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An answer's body as the gateway reads it from a real provider connection (ADR 0084): a reader waiting on a silent
 * provider is seen waiting (ADR 0073), closing the body from another thread frees that reader at once, and only a
 * body read to its end gives its connection back to the pool.
 */
class UpstreamBodyTests {

    private static final byte[] STREAM = """
            {"model":"fake-model","stream":true,"messages":[{"role":"user","content":"Hello"}]}"""
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] WHOLE = """
            {"model":"fake-model","messages":[{"role":"user","content":"Hello"}]}""".getBytes(StandardCharsets.UTF_8);

    private final FakeUpstream provider = FakeUpstream.start();
    private final UpstreamClient client = new UpstreamClient();

    @AfterEach
    void stop() {
        client.close();
        provider.close();
    }

    @Test
    void aReaderWaitingOnASilentProviderIsSeenWaitingAndClosingTheBodyFreesIt() throws Exception {
        StreamGate gate = provider.holdStreamsAfter(1);
        try {
            UpstreamAnswer answer = call(STREAM);
            InputStream body = answer.body();
            ProviderSilence silence = (ProviderSilence) body;
            assertThat(body.read()).as("the first event's first byte").isNotNegative();
            assertThat(silence.silentSinceNanos()).as("not waiting while it is not reading").isZero();

            CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    while (body.read(new byte[512]) >= 0) {
                        // the first event's rest, then the wait on the held stream
                    }
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> silence.silentSinceNanos() != 0);

            body.close();

            assertThat(reader.get(10, TimeUnit.SECONDS)).as("the blocked read fails once the body is closed")
                    .isInstanceOf(IOException.class);
            assertThat(silence.silentSinceNanos()).isZero();
        } finally {
            gate.release();
        }
    }

    @Test
    void aBodyReadToItsEndGivesItsConnectionBackAndOneClosedEarlyDoesNot() throws IOException {
        for (int i = 0; i < 3; i++) {
            try (InputStream body = call(WHOLE).body()) {
                assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).contains(FakeUpstream.DEFAULT_REPLY);
            }
        }
        assertThat(provider.connectionCount()).as("three answers read to their end, one connection").isEqualTo(1);

        StreamGate gate = provider.holdStreamsAfter(1);
        try {
            InputStream stream = call(STREAM).body();
            assertThat(stream.read()).isNotNegative();
            stream.close(); // the client went away mid-answer
        } finally {
            gate.release();
        }
        try (InputStream body = call(WHOLE).body()) {
            body.readAllBytes();
        }
        assertThat(provider.connectionCount()).as("the half-read answer's connection was not reused").isEqualTo(2);
    }

    private UpstreamAnswer call(byte[] body) {
        ProviderSettings settings = new ProviderSettings("fake", "openai", WireFormat.OPENAI_CHAT,
                URI.create(provider.baseUrl() + "/v1"), "sk-test", AuthStyle.BEARER, null, Map.of(), true, null, false,
                Duration.ofSeconds(10), List.of(new ModelDeployment("fake-model", "fake-model", null, false)));
        URI uri = client.endpoint(settings, UpstreamOperation.CHAT, "fake-model", null);
        return client.send(settings, uri, Map.of(), body, Duration.ofSeconds(10));
    }
}
