package dev.aurelis.workflows.github;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.aurelis.configuration.ScmConnection;
import dev.aurelis.workflows.execution.CodeHostHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.springframework.boot.ssl.pem.PemContent;

/**
 * The JSON Web Token a GitHub App authenticates as itself with: RS256 over {@code iss} (the app's id), {@code iat}
 * (60 seconds in the past, against clock drift, as GitHub recommends) and {@code exp} (nine minutes ahead: GitHub
 * takes at most ten). The private key is read each time from the configuration or its file; a key that cannot be
 * read is a {@link CodeHostHttp.Misconfigured} that names the setting, never the key.
 */
final class GitHubAppJwt {

    static final Duration BACKDATED = Duration.ofSeconds(60);
    static final Duration LIFETIME = Duration.ofMinutes(9);

    private GitHubAppJwt() {
    }

    /** A JWT for {@code app}, issued at {@code now}. */
    static String of(ScmConnection.App app, Instant now) {
        PrivateKey key = privateKey(app);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(app.id())
                .issueTime(Date.from(now.minus(BACKDATED)))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException | IllegalArgumentException e) {
            throw new CodeHostHttp.Misconfigured("The GitHub App's private key (" + source(app) + ") cannot sign: "
                    + e.getMessage());
        }
        return jwt.serialize();
    }

    /** The app's RSA private key, PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, as GitHub hands it out) or PKCS#8. */
    static PrivateKey privateKey(ScmConnection.App app) {
        String pem;
        if (app.privateKey() != null) {
            pem = app.privateKey();
        } else {
            try {
                pem = Files.readString(Path.of(app.privateKeyFile()), StandardCharsets.US_ASCII);
            } catch (IOException | RuntimeException e) {
                throw new CodeHostHttp.Misconfigured("The GitHub App's private key file " + app.privateKeyFile()
                        + " cannot be read (integrations.workflows.github.app.private_key_file): " + e.getClass().getSimpleName());
            }
        }
        // an environment variable often carries the key's line breaks as the two characters \n
        PrivateKey key = null;
        try {
            key = PemContent.of(pem.replace("\\n", "\n")).getPrivateKey(); // PKCS#1 and PKCS#8 alike
        } catch (RuntimeException unreadable) {
            // not PEM, or not a key Spring Boot's parser reads: the message below says which setting to fix
        }
        if (!(key instanceof java.security.interfaces.RSAPrivateKey)) {
            throw new CodeHostHttp.Misconfigured("The GitHub App's private key (" + source(app) + ") is not a "
                    + "PEM RSA private key that can be read (-----BEGIN RSA PRIVATE KEY----- or -----BEGIN PRIVATE KEY-----).");
        }
        return key;
    }

    private static String source(ScmConnection.App app) {
        return app.privateKey() != null ? "integrations.workflows.github.app.private_key"
                : "integrations.workflows.github.app.private_key_file " + app.privateKeyFile();
    }
}
