package dev.aurelis.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The mock provider's four answers, and the load generator counting them right. Loopback only, a few seconds. */
class MockAndLoadTests {

    static MockProvider mock;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        mock = MockProvider.start(new MockConfig("127.0.0.1", 0, 1, 2, 10, 5, 2, 1200, 80));
    }

    @AfterAll
    static void stop() {
        mock.close();
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mock.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersOpenAiWithUsage() throws Exception {
        var r = post("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[]}");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"total_tokens\":1280"), r.body());
        assertTrue(r.body().contains("\"content\":\"The quick brown fox jumps\""), r.body());
    }

    @Test
    void streamsOpenAiWithAFinalUsageChunkWhenAskedAndDone() throws Exception {
        var r = post("/v1/chat/completions",
                "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        String b = r.body();
        assertEquals("text/event-stream; charset=utf-8", r.headers().firstValue("content-type").orElse(""));
        assertEquals(5, b.split("\"delta\":\\{\"content\"", -1).length - 1, b);
        assertTrue(b.contains("\"choices\":[],\"usage\":{\"prompt_tokens\":1200"), b);
        assertTrue(b.endsWith("data: [DONE]\n\n"), b);
        var plain = post("/v1/chat/completions", "{\"model\":\"m\",\"stream\":true}");
        assertTrue(!plain.body().contains("\"usage\""), plain.body());
    }

    @Test
    void answersAndStreamsAnthropic() throws Exception {
        var r = post("/v1/messages?beta=true", "{\"model\":\"c\",\"messages\":[]}");
        assertTrue(r.body().contains("\"stop_reason\":\"end_turn\""), r.body());
        var s = post("/v1/messages", "{\"model\":\"c\",\"stream\":true}").body();
        assertTrue(s.startsWith("event: message_start\n"), s);
        assertEquals(5, s.split("event: content_block_delta", -1).length - 1, s);
        assertTrue(s.contains("\"usage\":{\"output_tokens\":80}"), s);
        assertTrue(s.endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"), s);
    }

    @Test
    void rejectsMalformedJson() throws Exception {
        assertEquals(400, post("/v1/messages", "{nope").statusCode());
    }

    @Test
    void loadGeneratorCountsEveryStreamAndItsDeltas() {
        Target t = Target.parse("direct=http://127.0.0.1:" + mock.port());
        try (LoadRunner r = new LoadRunner()) {
            var o = new LoadRunner.Options(0.2, 1, 100, 5, 5);
            RunStats open = r.open(t, RequestSpec.claudeCode(20_000, 5), 100, o);
            assertEquals(0, open.errorCount(), open.errorSamples::toString);
            assertEquals(open.scheduled, open.ok);
            assertEquals(100, open.ok, 5);
            assertEquals(5, open.deltas.getMaxValue());
            assertEquals(5, open.deltas.getMinValue());
            assertEquals(open.ok * 4, open.gap.getTotalCount());
            assertTrue(open.ttft.getValueAtPercentile(50) >= 10_000, "ttft is at least the mock's 10 ms");
            RunStats closed = r.closed(t, RequestSpec.openAiChat(false, 0), 4, 0, o);
            assertEquals(0, closed.errorCount(), closed.errorSamples::toString);
            assertTrue(closed.latency.getValueAtPercentile(50) >= 2_000, "latency is at least the mock's 2 ms");
        }
    }

    @Test
    void countsTheWarmUpsErrorsApartFromTheMeasuredWindows() throws Exception {
        int closed;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort(); // nothing listens there once it closes: every request fails to connect
        }
        Target t = Target.parse("nowhere=http://127.0.0.1:" + closed);
        try (LoadRunner r = new LoadRunner()) {
            RunStats s = r.open(t, RequestSpec.openAiChat(false, 0), 100, new LoadRunner.Options(0.3, 0.3, 10, 2, 2));
            assertEquals(s.scheduled, s.errors.get("connect"));
            assertEquals(30, s.warmupErrors.get("connect"), 3);
            assertEquals(s.sent, s.errorCount() + s.warmupErrorCount());
            assertEquals(s.warmupErrors, RunStats.fromJson(s.toJson()).warmupErrors);
        }
    }

    @Test
    void refusesToLoadAnythingButLoopback() {
        try {
            Target.parse("x=http://10.0.0.1:80");
            throw new AssertionError("accepted a non-loopback target");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("loopback"));
        }
    }
}
