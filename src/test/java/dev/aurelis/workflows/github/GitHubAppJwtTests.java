package dev.aurelis.workflows.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.aurelis.configuration.ScmConnection;
import dev.aurelis.workflows.execution.CodeHostHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub App's JWT as GitHub documents it (RS256; {@code iss} the app's id; {@code iat} 60 seconds back;
 * {@code exp} at most ten minutes ahead), from the key in either PEM form, and keys that cannot serve named by their
 * setting without a byte of the key in the message.
 */
class GitHubAppJwtTests {

    private static final KeyPair KEY = rsa();
    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    @Test
    void theJwtIsSignedRs256ForTheAppWithTheDocumentedTimes() throws Exception {
        String jwt = GitHubAppJwt.of(new ScmConnection.App("Iv23liApp", pkcs1(KEY), null), NOW);

        SignedJWT parsed = SignedJWT.parse(jwt);
        assertThat(parsed.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(parsed.verify(new RSASSAVerifier((RSAPublicKey) KEY.getPublic()))).isTrue();
        assertThat(parsed.getJWTClaimsSet().getIssuer()).isEqualTo("Iv23liApp");
        assertThat(parsed.getJWTClaimsSet().getIssueTime().toInstant()).isEqualTo(NOW.minusSeconds(60));
        Instant expires = parsed.getJWTClaimsSet().getExpirationTime().toInstant();
        assertThat(expires).isAfter(NOW).isBeforeOrEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(parsed.verify(new RSASSAVerifier((RSAPublicKey) rsa().getPublic()))).as("another key").isFalse();
    }

    @Test
    void pkcs8FilesAndKeysWithEscapedLineBreaksAreReadToo(@TempDir Path dir) throws Exception {
        String pkcs8 = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEY.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Path file = dir.resolve("app.pem");
        Files.writeString(file, pkcs8);
        assertThat(GitHubAppJwt.privateKey(new ScmConnection.App("1", null, file.toString())).getEncoded())
                .isEqualTo(KEY.getPrivate().getEncoded());

        String oneLine = pkcs1(KEY).replace("\n", "\\n"); // as an environment variable often carries it
        assertThat(GitHubAppJwt.privateKey(new ScmConnection.App("1", oneLine, null)).getEncoded())
                .isEqualTo(KEY.getPrivate().getEncoded());
    }

    @Test
    void aKeyThatCannotServeIsNamedByItsSettingAndNeverShown(@TempDir Path dir) {
        String[] lines = pkcs1(KEY).split("\n");
        String broken = String.join("\n", lines[0], lines[1], lines[2], lines[lines.length - 1]); // cut short
        assertThatThrownBy(() -> GitHubAppJwt.of(new ScmConnection.App("1", broken, null), NOW))
                .isInstanceOf(CodeHostHttp.Misconfigured.class)
                .hasMessageContaining("integrations.workflows.github.app.private_key")
                .message().doesNotContain(lines[1]);
        assertThatThrownBy(() -> GitHubAppJwt.of(new ScmConnection.App("1", "ghp_a_token_by_mistake", null), NOW))
                .isInstanceOf(CodeHostHttp.Misconfigured.class).hasMessageContaining("is not a PEM RSA private key")
                .message().doesNotContain("ghp_a_token_by_mistake");
        Path missing = dir.resolve("nowhere.pem");
        assertThatThrownBy(() -> GitHubAppJwt.of(new ScmConnection.App("1", null, missing.toString()), NOW))
                .isInstanceOf(CodeHostHttp.Misconfigured.class).hasMessageContaining(missing.toString())
                .hasMessageContaining("private_key_file");
    }

    @Test
    void theAppNeedsItsIdAndExactlyOneKey() {
        assertThatThrownBy(() -> new ScmConnection.App(null, pkcs1(KEY), null)).hasMessageContaining("app.id");
        assertThatThrownBy(() -> new ScmConnection.App("1", pkcs1(KEY), "/etc/app.pem"))
                .hasMessageContaining("exactly one of private_key and private_key_file");
        assertThatThrownBy(() -> new ScmConnection.App("1", null, " ")).hasMessageContaining("exactly one");
        assertThat(new ScmConnection.App("1", pkcs1(KEY), null).toString()).doesNotContain("PRIVATE KEY");
    }

    private static String pkcs1(KeyPair key) {
        byte[] pkcs8 = key.getPrivate().getEncoded();
        byte[] pkcs1 = Arrays.copyOfRange(pkcs8, 26, pkcs8.length); // a 2048-bit key's PKCS#8 header is 26 bytes
        return "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs1)
                + "\n-----END RSA PRIVATE KEY-----\n";
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
