package dev.aurelis.providers;

import dev.aurelis.testing.FakeUpstream;
import dev.aurelis.testing.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Calls to providers verify the provider's certificate and host name (ADR 0049): a provider speaking HTTPS with a
 * self-signed certificate is refused until its CA is trusted through a configured CA file, and even then only under
 * a name the certificate carries.
 */
class UpstreamTrustTests {

    private static final byte[] CHAT = """
            {"model":"fake-model","messages":[{"role":"user","content":"Hello"}]}""".getBytes(StandardCharsets.UTF_8);

    @Test
    void refusesASelfSignedProviderUntilItsCaIsTrusted() throws IOException {
        TestCertificates.Pair certificate = TestCertificates.localhost();
        try (FakeUpstream provider = FakeUpstream.startHttps(certificate.serverContext())) {
            UpstreamClient client = new UpstreamClient();
            ProviderSettings settings = settings(provider.baseUrl());

            assertThatThrownBy(() -> call(client, settings)).isInstanceOf(UpstreamFailure.class)
                    .hasMessageContaining("Provider 'private-ca' failed")
                    .hasStackTraceContaining("PKIX path building failed");
            assertThat(provider.requests()).isEmpty();

            client.trustAlso(certificate.certificatePem());

            try (InputStream body = call(client, settings).body()) {
                assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).contains(FakeUpstream.DEFAULT_REPLY);
            }
            client.trustAlso(null);
            assertThatThrownBy(() -> call(client, settings)).isInstanceOf(UpstreamFailure.class);
        }
    }

    @Test
    void aTrustedCertificateForAnotherNameIsStillRefused() {
        TestCertificates.Pair elsewhere = TestCertificates.create("CN=models.example.com", "dns:models.example.com");
        try (FakeUpstream provider = FakeUpstream.startHttps(elsewhere.serverContext())) {
            UpstreamClient client = new UpstreamClient();
            client.trustAlso(elsewhere.certificatePem());

            assertThatThrownBy(() -> call(client, settings(provider.baseUrl()))).isInstanceOf(UpstreamFailure.class)
                    .hasCauseInstanceOf(SSLHandshakeException.class)
                    .hasStackTraceContaining("No subject alternative names matching IP address 127.0.0.1");
            assertThat(provider.requests()).isEmpty();
        }
    }

    private static UpstreamAnswer call(UpstreamClient client, ProviderSettings settings) {
        URI uri = client.endpoint(settings, UpstreamOperation.CHAT, "fake-model", null);
        return client.send(settings, uri, Map.of(), CHAT, Duration.ofSeconds(10));
    }

    private static ProviderSettings settings(String baseUrl) {
        return new ProviderSettings("private-ca", "openai", WireFormat.OPENAI_CHAT, URI.create(baseUrl + "/v1"),
                "sk-test", AuthStyle.BEARER, null, Map.of(), true, null, false, Duration.ofSeconds(10),
                List.of(new ModelDeployment("fake-model", "fake-model", null, false)));
    }
}
