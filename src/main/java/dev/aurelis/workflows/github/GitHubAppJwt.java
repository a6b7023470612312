package dev.aurelis.workflows.github;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.aurelis.configuration.ScmConnection;
import dev.aurelis.workflows.execution.CodeHostHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON Web Token a GitHub App authenticates as itself with: RS256 over {@code iss} (the app's id), {@code iat}
 * (60 seconds in the past, against clock drift, as GitHub recommends) and {@code exp} (nine minutes ahead: GitHub
 * takes at most ten). The private key is read each time from the configuration or its file; a key that cannot be
 * read is a {@link CodeHostHttp.Misconfigured} that names the setting, never the key.
 */
final class GitHubAppJwt {

    static final Duration BACKDATED = Duration.ofSeconds(60);
    static final Duration LIFETIME = Duration.ofMinutes(9);

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN (RSA )?PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END (RSA )?PRIVATE KEY-----");

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
        Matcher m = PEM.matcher(pem.replace("\\n", "\n"));
        if (!m.find()) {
            throw new CodeHostHttp.Misconfigured("The GitHub App's private key (" + source(app) + ") is not a PEM "
                    + "RSA private key (-----BEGIN RSA PRIVATE KEY----- or -----BEGIN PRIVATE KEY-----).");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            byte[] pkcs8 = m.group(1) != null ? pkcs1ToPkcs8(der) : der;
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CodeHostHttp.Misconfigured("The GitHub App's private key (" + source(app) + ") is not a "
                    + "readable RSA private key.");
        }
    }

    private static String source(ScmConnection.App app) {
        return app.privateKey() != null ? "integrations.workflows.github.app.private_key"
                : "integrations.workflows.github.app.private_key_file " + app.privateKeyFile();
    }

    /**
     * Wraps a PKCS#1 RSAPrivateKey in the PKCS#8 PrivateKeyInfo the JDK reads: {@code SEQUENCE { INTEGER 0,
     * SEQUENCE { OID rsaEncryption, NULL }, OCTET STRING { key } }}.
     */
    static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        byte[] version = {0x02, 0x01, 0x00};
        byte[] rsaEncryption = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
                0x01, 0x01, 0x05, 0x00};
        byte[] octets = tlv(0x04, pkcs1);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(version);
        body.writeBytes(rsaEncryption);
        body.writeBytes(octets);
        return tlv(0x30, body.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length & 0xff);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write((length >> 8) & 0xff);
            out.write(length & 0xff);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
