package dev.aurelis.audit.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.aurelis.audit.AuditDraft;
import dev.aurelis.audit.AuditSettings;
import dev.aurelis.audit.AuditTrail;
import dev.aurelis.audit.chain.AuditLog;
import dev.aurelis.configuration.Audit;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.testing.AccessTestBase;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;

/**
 * The trail streams to a Splunk HTTP Event Collector (a local one that speaks HEC's documented request and answers)
 * and to a syslog TCP listener; while the destination is down the gateway answers as usual, and once it is back it
 * receives every entry, in order, none missing.
 */
class AuditStreamingTests extends AccessTestBase {

    private static final String TOKEN = "11111111-2222-3333-4444-555555555555";

    @Autowired
    AuditLog auditLog;
    @Autowired
    AuditTrail trail;
    @Autowired
    JdbcClient jdbc;

    /** A local HEC: checks the token, reads the stacked events, answers as Splunk documents (or "server busy"). */
    static final class LocalHec implements AutoCloseable {
        final HttpServer server;
        final List<JsonNode> events = new CopyOnWriteArrayList<>();
        final AtomicBoolean busy = new AtomicBoolean();

        LocalHec() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/services/collector/event", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String answer;
                int status;
                if (!("Splunk " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    status = 401;
                    answer = "{\"text\":\"Invalid authorization\",\"code\":3}";
                } else if (busy.get()) {
                    status = 503;
                    answer = "{\"text\":\"Server is busy\",\"code\":9}";
                } else {
                    try (MappingIterator<JsonNode> stacked = JSON.readerFor(JsonNode.class).readValues(body)) {
                        stacked.forEachRemaining(events::add);
                    }
                    status = 200;
                    answer = "{\"text\":\"Success\",\"code\":0}";
                }
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
        }

        String destination() {
            return "splunk_hec+http://127.0.0.1:" + server.getAddress().getPort();
        }

        List<Long> seqs() {
            return events.stream().map(e -> e.path("event").path("seq").asLong()).toList();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** A syslog receiver reading RFC 6587 octet-counted frames. */
    static final class SyslogListener implements AutoCloseable {
        final ServerSocket socket;
        final List<String> messages = new CopyOnWriteArrayList<>();
        final Thread thread;

        SyslogListener(int port) throws IOException {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            thread = Thread.ofPlatform().daemon().start(this::accept);
        }

        private void accept() {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept(); InputStream in = client.getInputStream()) {
                    DataInputStream data = new DataInputStream(in);
                    while (true) {
                        StringBuilder length = new StringBuilder();
                        int c;
                        while ((c = data.read()) != ' ') {
                            if (c < 0) {
                                throw new java.io.EOFException();
                            }
                            length.append((char) c);
                        }
                        byte[] message = new byte[Integer.parseInt(length.toString())];
                        data.readFully(message);
                        messages.add(new String(message, StandardCharsets.UTF_8));
                    }
                } catch (IOException endOfConnection) {
                    // the sender closed its connection, or this listener was closed
                }
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private AuditStreamer streamer(String destination) {
        AuditSettings settings = AuditSettings.of(new Audit(null, false, false, null, null, null,
                new Audit.RealTimeExport(true, destination)));
        return AuditStreamer.of(settings, new Destinations.Secrets(TOKEN, "webhook-secret"), "aurelis-test", auditLog,
                jdbc, Clock.systemUTC()).orElseThrow();
    }

    @Test
    void entriesReachSplunkInOrderAndNoneIsLostWhileItIsDown() throws IOException {
        TenantId tenant = TenantId.of("tenant-stream-hec");
        try (LocalHec hec = new LocalHec()) {
            AuditStreamer streamer = streamer(hec.destination());
            trail.record(tenant, drafts(tenant, 3));
            assertThat(streamer.deliver(tenant)).isEqualTo(3);
            assertThat(hec.seqs()).containsExactly(1L, 2L, 3L);
            JsonNode first = hec.events.getFirst();
            assertThat(first.path("sourcetype").asString()).isEqualTo("aurelis:audit");
            assertThat(first.path("host").asString()).isEqualTo("aurelis-test");
            assertThat(first.path("event").path("action").asString()).isEqualTo("test.streamed");

            hec.busy.set(true);
            trail.record(tenant, drafts(tenant, 4));
            // the gateway answers as usual while the destination refuses
            String key = newKey("{\"user\":\"" + unique("streaming") + "@example.com\",\"team\":\"platform\"}");
            assertThat(openAi("/v1/chat/completions", key, CHAT).statusCode()).isEqualTo(200);
            assertThat(streamer.deliver(tenant)).isZero();
            assertThat(streamer.backlog(tenant)).isEqualTo(4);
            trail.record(tenant, drafts(tenant, 2));

            hec.busy.set(false);
            // the next try comes after the backoff
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                streamer.deliver(tenant);
                return streamer.backlog(tenant) == 0;
            });
            assertThat(hec.seqs()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        }
    }

    @Test
    void aWrongTokenIsAFailedDeliveryNotALostOne() throws IOException {
        TenantId tenant = TenantId.of("tenant-stream-token");
        try (LocalHec hec = new LocalHec()) {
            AuditStreamer wrong = AuditStreamer.of(AuditSettings.of(new Audit(null, false, false, null, null, null,
                    new Audit.RealTimeExport(true, hec.destination()))), new Destinations.Secrets("not-the-token", null),
                    "aurelis-test", auditLog, jdbc, Clock.systemUTC()).orElseThrow();
            trail.record(tenant, drafts(tenant, 2));

            assertThat(wrong.deliver(tenant)).isZero();
            assertThat(wrong.backlog(tenant)).isEqualTo(2);
            assertThat(hec.events).isEmpty();
        }
    }

    @Test
    void entriesReachASyslogListenerAsRfc5424MessagesAndWaitWhileItIsDown() throws IOException {
        TenantId tenant = TenantId.of("tenant-stream-syslog");
        int port;
        List<String> received = new ArrayList<>();
        try (SyslogListener listener = new SyslogListener(0)) {
            port = listener.port();
            AuditStreamer streamer = streamer("syslog+tcp://127.0.0.1:" + port);
            trail.record(tenant, drafts(tenant, 2));
            assertThat(streamer.deliver(tenant)).isEqualTo(2);
            await().atMost(Duration.ofSeconds(5)).until(() -> listener.messages.size() == 2);
            received.addAll(listener.messages);
        }
        String first = received.getFirst();
        assertThat(first).matches("<109>1 \\d{4}-\\d\\d-\\d\\dT[^ ]+Z aurelis-test aurelis - test\\.streamed - \\{.*");
        assertThat(JSON.readTree(first.substring(first.indexOf('{'))).path("seq").asLong()).isEqualTo(1);

        // the listener is gone: delivery fails and the entries wait
        AuditStreamer streamer = streamer("syslog+tcp://127.0.0.1:" + port);
        trail.record(tenant, drafts(tenant, 3));
        assertThat(streamer.deliver(tenant)).isZero();
        assertThat(streamer.backlog(tenant)).isEqualTo(3);

        try (SyslogListener back = new SyslogListener(port)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                streamer.deliver(tenant);
                return streamer.backlog(tenant) == 0;
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> back.messages.size() == 3);
            assertThat(back.messages.stream().map(m -> JSON.readTree(m.substring(m.indexOf('{'))).path("seq").asLong()))
                    .containsExactly(3L, 4L, 5L);
        }
    }

    @Test
    void aWebhookBatchIsSignedWithTheSharedSecret() throws IOException {
        TenantId tenant = TenantId.of("tenant-stream-webhook");
        List<String[]> posts = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/audit", exchange -> {
            posts.add(new String[] {exchange.getRequestHeaders().getFirst("X-Aurelis-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-Aurelis-Signature"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)});
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            AuditStreamer streamer = streamer("http://127.0.0.1:" + server.getAddress().getPort() + "/audit");
            trail.record(tenant, drafts(tenant, 2));
            assertThat(streamer.deliver(tenant)).isEqualTo(2);

            String[] post = posts.getFirst();
            assertThat(post[2].lines()).hasSize(2);
            assertThat(post[1]).isEqualTo("sha256=" + SignedWebhook.sign("webhook-secret".getBytes(StandardCharsets.UTF_8),
                    post[0], post[2]));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aDestinationThatCannotBeUsedIsRefusedWithTheReason() {
        Destinations.Secrets none = new Destinations.Secrets(null, null);
        assertThatThrownBy(() -> Destinations.parse("splunk_hec://splunk.example.com", none, "h", Clock.systemUTC()))
                .hasMessageContaining("AURELIS_SPLUNK_HEC_TOKEN");
        assertThatThrownBy(() -> Destinations.parse("kafka://broker:9092", none, "h", Clock.systemUTC()))
                .hasMessageContaining("is not splunk_hec://");
        assertThat(Destinations.parse("splunk_hec://splunk.example.com", new Destinations.Secrets("t", null), "h",
                Clock.systemUTC()).name()).isEqualTo("splunk_hec://splunk.example.com");
        assertThat(AuditSettings.of(new Audit(null, false, false, null, null, null,
                new Audit.RealTimeExport(false, "syslog://x"))).realTimeDestination()).isEmpty();
    }

    private static List<AuditDraft> drafts(TenantId tenant, int count) {
        List<AuditDraft> drafts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            drafts.add(AuditDraft.of(tenant.value(), "admin", "test.streamed", "tester@example.com", "thing:" + i,
                    AuditDraft.SUCCESS, Map.of("n", i)));
        }
        return drafts;
    }
}
