package dev.aurelis.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates for tests, made by the JDK's own {@code keytool} (no certificate library needed) and
 * written as the PEM files Aurelis is configured with: the certificate, its PKCS#8 private key, and SSL contexts for
 * a server presenting it and a client trusting it.
 */
public final class TestCertificates {

    private static final char[] PASSWORD = "changeit".toCharArray();

    /**
     * One self-signed certificate and its key.
     *
     * @param certificatePem PEM file of the certificate (also usable as a CA file: it is its own issuer)
     * @param privateKeyPem  PEM file of the PKCS#8 private key
     */
    public record Pair(Path certificatePem, Path privateKeyPem, KeyStore keyStore) {

        /** A server's context that presents this certificate. */
        public SSLContext serverContext() {
            try {
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(keyStore, PASSWORD);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keys.getKeyManagers(), null, null);
                return context;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** A client's context that trusts this certificate and nothing else. */
        public SSLContext clientContext() {
            try {
                KeyStore trusted = KeyStore.getInstance("PKCS12");
                trusted.load(null, null);
                trusted.setCertificateEntry("server", keyStore.getCertificate("key"));
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(trusted);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, trust.getTrustManagers(), null);
                return context;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private TestCertificates() {
    }

    /** An RSA certificate for {@code localhost} and {@code 127.0.0.1}, valid for two days. */
    public static Pair localhost() {
        return create("CN=localhost", "dns:localhost,ip:127.0.0.1");
    }

    /** An RSA certificate for the names in {@code subjectAlternativeNames} (keytool's SAN syntax). */
    public static Pair create(String distinguishedName, String subjectAlternativeNames) {
        try {
            Path directory = Files.createTempDirectory("aurelis-tls");
            Path store = directory.resolve("key.p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "key", "-keyalg", "RSA",
                    "-keysize", "2048", "-sigalg", "SHA256withRSA", "-dname", distinguishedName,
                    "-ext", "SAN=" + subjectAlternativeNames, "-validity", "2", "-keystore", store.toString(),
                    "-storetype", "PKCS12", "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keyStore.load(in, PASSWORD);
            }
            Certificate certificate = keyStore.getCertificate("key");
            PrivateKey key = (PrivateKey) keyStore.getKey("key", PASSWORD);
            Path certificatePem = directory.resolve("certificate.pem");
            Path keyPem = directory.resolve("private-key.pem");
            Files.writeString(certificatePem, pem("CERTIFICATE", certificate.getEncoded()));
            Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
            return new Pair(certificatePem, keyPem, keyStore);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not make a test certificate", e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
