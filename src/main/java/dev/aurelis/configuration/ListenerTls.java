package dev.aurelis.configuration;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The listener's TLS (ADR 0049): {@code security.encryption.in_transit} becomes Spring Boot's own SSL bundle and
 * {@code server.ssl} properties before the web server exists, so Tomcat terminates TLS with the configured PEM files,
 * protocols and cipher suites, and reloads the files when they change. The certificate may also come from the
 * environment ({@code AURELIS_TLS_CERTIFICATE}, {@code AURELIS_TLS_PRIVATE_KEY}), as may the acknowledgement that a
 * proxy in front terminates TLS ({@code AURELIS_TLS_TERMINATION=ingress}); the file wins where it says something.
 */
public final class ListenerTls {

    /** The SSL bundle the listener uses. */
    static final String BUNDLE = "aurelis-listener";
    static final String PROPERTY_SOURCE = "aurelisListenerTls";

    private ListenerTls() {
    }

    /**
     * What the listener does for TLS.
     *
     * @param certificate null: plain HTTP
     */
    public record Effective(Path certificate, Path privateKey, String privateKeyPassword, List<String> protocols,
            List<String> cipherSuites, boolean terminatedByIngress) {

        public boolean https() {
            return certificate != null;
        }

        @Override
        public String toString() {
            return "Effective[" + certificate + ", " + protocols + ", " + cipherSuites + ", ingress=" + terminatedByIngress + "]";
        }
    }

    /** The listener's TLS as the file and the environment's {@code aurelis.tls.*} properties say. */
    public static Effective effective(AurelisConfig config, org.springframework.core.env.PropertyResolver environment) {
        Security.InTransit tls = config.security().encryption().inTransit();
        Path certificate = Optional.ofNullable(tls.certificate()).orElseGet(() -> path(environment, "aurelis.tls.certificate"));
        Path key = Optional.ofNullable(tls.privateKey()).orElseGet(() -> path(environment, "aurelis.tls.private-key"));
        String password = Optional.ofNullable(tls.privateKeyPassword())
                .orElseGet(() -> Defaults.blankToNull(environment.getProperty("aurelis.tls.private-key-password")));
        boolean ingress = tls.termination() != null ? tls.terminatedByIngress()
                : "ingress".equalsIgnoreCase(environment.getProperty("aurelis.tls.termination", "").strip());
        return new Effective(certificate, certificate == null ? null : key, password, tls.protocols(), tls.cipherSuites(),
                ingress && certificate == null);
    }

    /**
     * Sets Spring Boot's SSL properties for the listener, or stops start-up when {@code encryption_in_transit} is on
     * and nothing terminates TLS.
     *
     * @param source the configuration file (for the error's file:line), or null without one
     */
    static void configure(ConfigurableEnvironment environment, AurelisConfig config, Path source) {
        Effective tls = effective(config, environment);
        if (tls.certificate() != null && tls.privateKey() == null) {
            throw new InvalidConfigurationException(source == null ? null : source.toString(), List.of(new ConfigurationProblem(
                    "security.encryption.in_transit.private_key", "is required: the certificate "
                    + tls.certificate() + " was given without its key (private_key, or AURELIS_TLS_PRIVATE_KEY)",
                    line(source, "private_key"))));
        }
        if (config.security().encryptionInTransit() && !tls.https() && !tls.terminatedByIngress()) {
            throw new InvalidConfigurationException(source == null ? null : source.toString(), List.of(new ConfigurationProblem(
                    "security.encryption_in_transit", "is true, but the listener has no certificate: set "
                    + "security.encryption.in_transit.certificate and private_key to PEM files (or the environment's "
                    + "AURELIS_TLS_CERTIFICATE and AURELIS_TLS_PRIVATE_KEY), or, when a proxy or ingress in front of "
                    + "Aurelis terminates TLS, say so with security.encryption.in_transit.termination: ingress "
                    + "(or AURELIS_TLS_TERMINATION=ingress)", line(source, "encryption_in_transit"))));
        }
        if (!tls.https()) {
            return;
        }
        String prefix = "spring.ssl.bundle.pem." + BUNDLE + ".";
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(prefix + "keystore.certificate", "file:" + tls.certificate().toAbsolutePath());
        properties.put(prefix + "keystore.private-key", "file:" + tls.privateKey().toAbsolutePath());
        if (tls.privateKeyPassword() != null) {
            properties.put(prefix + "keystore.private-key-password", tls.privateKeyPassword());
        }
        // a renewed certificate (cert-manager, a mounted secret) is picked up without a restart
        properties.put(prefix + "reload-on-update", "true");
        properties.put(prefix + "options.enabled-protocols", String.join(",", tls.protocols()));
        if (!tls.cipherSuites().isEmpty()) {
            properties.put(prefix + "options.ciphers", String.join(",", tls.cipherSuites()));
        }
        properties.put("server.ssl.bundle", BUNDLE);
        properties.put("server.ssl.enabled", "true");
        environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
    }

    /** Every cipher suite the JDK's TLS implementation supports, by standard name. */
    static Set<String> supportedCipherSuites() {
        try {
            return Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The Java runtime has no TLS implementation", e);
        }
    }

    /** Whether a suite can be negotiated under one of the protocols: TLS 1.3 has suites of its own. */
    static boolean usableWith(String suite, List<String> protocols) {
        boolean tls13Suite = suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_");
        return tls13Suite ? protocols.contains(Security.InTransit.TLS_1_3) : protocols.contains(Security.InTransit.TLS_1_2);
    }

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

    /** A host name that never leaves the machine: localhost, 127.0.0.0/8 or ::1 (names are not resolved). */
    public static boolean loopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equalsIgnoreCase("localhost") || h.toLowerCase(java.util.Locale.ROOT).endsWith(".localhost")
                || IPV4_LOOPBACK.matcher(h).matches() || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    /** Whether a URL's traffic is encrypted or stays on this machine. */
    public static boolean loopback(URI url) {
        return url != null && loopback(url.getHost());
    }

    private static Path path(org.springframework.core.env.PropertyResolver environment, String property) {
        String value = environment.getProperty(property);
        return value == null || value.isBlank() ? null : Path.of(value.strip());
    }

    /** The first line that sets {@code key}, for the error message; 0 when unknown. */
    private static int line(Path source, String key) {
        if (source == null) {
            return 0;
        }
        try {
            List<String> lines = Files.readAllLines(source);
            Pattern setting = Pattern.compile("^\\s*\"?" + Pattern.quote(key) + "\"?\\s*:.*");
            for (int i = 0; i < lines.size(); i++) {
                if (setting.matcher(lines.get(i)).matches()) {
                    return i + 1;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
