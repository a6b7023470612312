package dev.aurelis.configuration;

import dev.aurelis.testing.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code security.encryption_in_transit} and {@code security.encryption.in_transit} at load and at start (ADR 0049):
 * plain-HTTP providers are refused unless loopback or on premise, the TLS settings hold together, and a server that
 * must encrypt but has no certificate does not start.
 */
class InTransitConfigurationTests {

    private static final TestCertificates.Pair CERTIFICATE = TestCertificates.localhost();

    @TempDir
    Path directory;

    @Test
    void refusesAPlainHttpProviderOutsideTheMachineWhenEncryptionInTransitIsOn() {
        InvalidConfigurationException invalid = invalid("""
                security:
                  encryption_in_transit: true
                providers:
                  - name: gpu-box
                    type: vllm
                    base_url: http://gpu-box.internal:8000/v1
                    models: [qwen]
                """);

        assertThat(invalid.problems()).singleElement().isEqualTo(new ConfigurationProblem("providers[0].base_url",
                "'http://gpu-box.internal:8000/v1' is plain HTTP and security.encryption_in_transit is true: use https, "
                        + "or mark the provider on_premise: true if it runs inside your network", 6));
    }

    @Test
    void acceptsPlainHttpOnLoopbackOrOnPremiseAndAnyHttpWithoutTheSwitch() {
        String providers = """
                providers:
                  - { name: local, type: ollama, models: [llama] }
                  - { name: loop, type: vllm, base_url: "http://127.0.0.2:8000/v1", models: [a] }
                  - { name: six, type: vllm, base_url: "http://[::1]:8000/v1", models: [b] }
                  - { name: onprem, type: vllm, base_url: "http://gpu-box:8000/v1", on_premise: true, models: [c] }
                """;
        assertThat(ConfigurationLoader.load("security: { encryption_in_transit: true }\n" + providers, Map.of())
                .config().providers()).hasSize(4);
        assertThat(ConfigurationLoader.load("""
                providers:
                  - { name: remote, type: vllm, base_url: "http://gpu-box:8000/v1", models: [c] }
                """, Map.of()).config().providers()).hasSize(1);
    }

    @Test
    void refusesCipherSuitesTheRuntimeDoesNotKnowOrTheMinimumVersionExcludes() {
        assertThat(invalid("""
                security:
                  encryption:
                    in_transit:
                      cipher_suites: [TLS_AES_256_GCM_SHA384, RC4-MD5]
                """).problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("security.encryption.in_transit.cipher_suites[1]");
            assertThat(problem.reason()).startsWith("'RC4-MD5' is not a cipher suite this Java runtime offers");
            assertThat(problem.line()).isEqualTo(4);
        });
        assertThat(invalid("""
                security:
                  encryption:
                    in_transit:
                      min_version: TLS1.3
                      cipher_suites: [TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384]
                """).problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("security.encryption.in_transit.cipher_suites");
            assertThat(problem.reason()).startsWith("none of these suites works with TLSv1.3");
        });
        assertThat(invalid("""
                security: { encryption: { in_transit: { min_version: SSLv3 } } }
                """).problems()).singleElement().satisfies(problem ->
                assertThat(problem.reason()).startsWith("must be TLS1.3 or TLS1.2"));
    }

    @Test
    void needsBothPemFilesAndReadableOnes() {
        assertThat(invalid("""
                security:
                  encryption:
                    in_transit:
                      certificate: "%s"
                """.formatted(CERTIFICATE.certificatePem())).problems()).singleElement()
                .isEqualTo(new ConfigurationProblem("security.encryption.in_transit.private_key",
                        "is required with certificate: the listener needs both PEM files", 3));
        assertThat(invalid("""
                security:
                  encryption:
                    in_transit:
                      ca_file: /no/such/ca.pem
                """).problems()).singleElement().isEqualTo(new ConfigurationProblem(
                "security.encryption.in_transit.ca_file", "'/no/such/ca.pem' is not a readable file", 4));
    }

    @Test
    void aServerThatMustEncryptWithoutACertificateDoesNotStart() throws IOException {
        Path file = write("""
                organization: { name: Acme, id: acme }
                security:
                  encryption_in_transit: true
                """);

        InvalidConfigurationException refused = catchThrowableOfType(InvalidConfigurationException.class,
                () -> preflight(file, Map.of()));

        assertThat(refused).isNotNull();
        assertThat(refused.getMessage()).isEqualTo("Invalid configuration: " + file + ":3: "
                + "security.encryption_in_transit: is true, but the listener has no certificate: set "
                + "security.encryption.in_transit.certificate and private_key to PEM files (or the environment's "
                + "AURELIS_TLS_CERTIFICATE and AURELIS_TLS_PRIVATE_KEY), or, when a proxy or ingress in front of "
                + "Aurelis terminates TLS, say so with security.encryption.in_transit.termination: ingress "
                + "(or AURELIS_TLS_TERMINATION=ingress)");
    }

    @Test
    void startsInPlainHttpBehindAnIngressThatTheOperatorNamed() throws IOException {
        Path inFile = write("""
                security:
                  encryption_in_transit: true
                  encryption: { in_transit: { termination: ingress } }
                """);
        assertThat(preflight(inFile, Map.of()).getPropertySources().contains(ListenerTls.PROPERTY_SOURCE)).isFalse();

        Path template = write("security: { encryption_in_transit: true }\n");
        assertThat(preflight(template, Map.of("aurelis.tls.termination", "ingress"))
                .getProperty("server.ssl.enabled")).isNull();
    }

    @Test
    void turnsTheConfiguredPemFilesIntoSpringBootsSslBundle() throws IOException {
        Path file = write("""
                security:
                  encryption_in_transit: true
                  encryption:
                    in_transit:
                      min_version: TLS1.2
                      cipher_suites: [TLS_AES_256_GCM_SHA384, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384]
                      certificate: "%s"
                      private_key: "%s"
                """.formatted(CERTIFICATE.certificatePem(), CERTIFICATE.privateKeyPem()));

        StandardEnvironment environment = preflight(file, Map.of());

        String bundle = "spring.ssl.bundle.pem.aurelis-listener.";
        assertThat(environment.getProperty("server.ssl.bundle")).isEqualTo("aurelis-listener");
        assertThat(environment.getProperty(bundle + "keystore.certificate"))
                .isEqualTo("file:" + CERTIFICATE.certificatePem().toAbsolutePath());
        assertThat(environment.getProperty(bundle + "keystore.private-key"))
                .isEqualTo("file:" + CERTIFICATE.privateKeyPem().toAbsolutePath());
        assertThat(environment.getProperty(bundle + "options.enabled-protocols")).isEqualTo("TLSv1.2,TLSv1.3");
        assertThat(environment.getProperty(bundle + "options.ciphers"))
                .isEqualTo("TLS_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        assertThat(environment.getProperty(bundle + "reload-on-update")).isEqualTo("true");
    }

    @Test
    void takesTheCertificateFromTheEnvironmentWhenTheFileNamesNone() throws IOException {
        Path file = write("security: { encryption_in_transit: true }\n");

        StandardEnvironment environment = preflight(file, Map.of(
                "aurelis.tls.certificate", CERTIFICATE.certificatePem().toString(),
                "aurelis.tls.private-key", CERTIFICATE.privateKeyPem().toString()));

        assertThat(environment.getProperty("server.ssl.bundle")).isEqualTo("aurelis-listener");
        assertThat(environment.getProperty("spring.ssl.bundle.pem.aurelis-listener.options.enabled-protocols"))
                .isEqualTo("TLSv1.3");
    }

    private StandardEnvironment preflight(Path file, Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        Map<String, Object> all = new java.util.HashMap<>(properties);
        all.put("aurelis.config", file.toString());
        environment.getPropertySources().addFirst(new MapPropertySource("test", all));
        new ConfigurationPreflight().postProcessEnvironment(environment, null);
        return environment;
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(directory, "aurelis", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static InvalidConfigurationException invalid(String yaml) {
        InvalidConfigurationException exception = catchThrowableOfType(InvalidConfigurationException.class,
                () -> ConfigurationLoader.load(yaml, Map.of()));
        assertThat(exception).as("loading should have failed").isNotNull();
        return exception;
    }
}
