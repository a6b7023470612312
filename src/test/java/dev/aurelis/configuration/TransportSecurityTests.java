package dev.aurelis.configuration;

import dev.aurelis.AurelisApplication;
import dev.aurelis.testing.FakeUpstream;
import dev.aurelis.testing.TestCertificates;
import dev.aurelis.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Aurelis terminating TLS itself, over real HTTPS on loopback (ADR 0049): the listener speaks only TLS 1.3 with the
 * configured cipher suite, and the gateway's exchange reaches a provider that itself speaks HTTPS with a
 * self-signed certificate, trusted through {@code security.encryption.in_transit.ca_file}.
 */
@SpringBootTest(classes = AurelisApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // a fixed path, so that the configuration is in the environment before start-up reads it, as AURELIS_CONFIG
        // is for a real server: the listener's TLS is set before any bean exists
        properties = "aurelis.config=target/transport-security-tests/aurelis.yaml")
@ContextConfiguration(initializers = TestDatabase.class)
class TransportSecurityTests {

    private static final String ADMIN_KEY = "aur-test-tls-bootstrap-admin-key-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TestCertificates.Pair LISTENER = TestCertificates.localhost();
    private static final TestCertificates.Pair PROVIDER = TestCertificates.localhost();
    private static final FakeUpstream UPSTREAM = FakeUpstream.startHttps(PROVIDER.serverContext());
    private static final Path CONFIG = writeConfig();
    /** A client that trusts the listener's certificate, as one given the organisation's CA would. */
    private static final HttpClient CLIENT = HttpClient.newBuilder().sslContext(LISTENER.clientContext())
            .connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @Autowired
    ConnectionReport report;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("aurelis.bootstrap-admin-key", () -> ADMIN_KEY);
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    @Test
    void theGatewayAnswersOverHttpsAndCallsAnHttpsProviderWhoseCaIsConfigured() throws Exception {
        HttpResponse<String> issued = send(HttpRequest.newBuilder(uri("/api/v1/keys"))
                .header("authorization", "Bearer " + ADMIN_KEY).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"tls@example.com\",\"team\":\"platform\"}")).build());
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String key = JSON.readTree(issued.body()).get("key").asString();

        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}")).build());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.at("/choices/0/message/content").asString()).isEqualTo(FakeUpstream.DEFAULT_REPLY);
        assertThat(answer.sslSession()).hasValueSatisfying(session ->
                assertThat(session.getProtocol()).isEqualTo("TLSv1.3"));
    }

    @Test
    void plainHttpToTheListenerIsNotServed() throws InterruptedException {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> response = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/health")).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            // Tomcat's TLS connector may answer a plain request with a 400 that says TLS is required
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        } catch (IOException closed) {
            // or close the connection: either way nothing is served in clear text
        }
    }

    @Test
    void refusesATls12ClientWhenTheMinimumIsTls13() throws IOException {
        try (SSLSocket socket = socket()) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});

            assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void acceptsOnlyTheConfiguredCipherSuite() throws IOException {
        try (SSLSocket socket = socket()) {
            socket.setEnabledProtocols(new String[] {"TLSv1.3"});
            socket.setEnabledCipherSuites(new String[] {"TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"});

            assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
        }
        try (SSLSocket socket = socket()) {
            socket.startHandshake();

            assertThat(socket.getSession().getCipherSuite()).isEqualTo("TLS_AES_256_GCM_SHA384");
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void saysWhichConnectionsAreUnencrypted() {
        // the listener and the provider use TLS; the tests' database is on loopback without TLS
        assertThat(ConnectionReport.line(report.connections())).startsWith("Unencrypted connections: database (127.0.0.1:")
                .endsWith(", sslmode is not require, verify-ca or verify-full, loopback); encrypted: listener, "
                        + "provider 'tls-upstream'");
    }

    private SSLSocket socket() throws IOException {
        SSLSocket socket = (SSLSocket) LISTENER.clientContext().getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private URI uri(String path) {
        return URI.create("https://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Path writeConfig() {
        String yaml = """
                organization: { name: "TLS Corp", id: "tls-corp" }
                security:
                  encryption_in_transit: true
                  encryption:
                    in_transit:
                      min_version: TLS1.3
                      cipher_suites: [TLS_AES_256_GCM_SHA384]
                      certificate: "%s"
                      private_key: "%s"
                      ca_file: "%s"
                providers:
                  - name: tls-upstream
                    type: openai
                    base_url: "%s/v1"
                    api_key: "sk-upstream"
                    models: ["gpt-4o-mini"]
                """.formatted(LISTENER.certificatePem(), LISTENER.privateKeyPem(), PROVIDER.certificatePem(),
                UPSTREAM.baseUrl());
        try {
            Path file = Path.of("target", "transport-security-tests", "aurelis.yaml");
            Files.createDirectories(file.getParent());
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
