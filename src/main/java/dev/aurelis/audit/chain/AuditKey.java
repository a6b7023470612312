package dev.aurelis.audit.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The deployment's Ed25519 audit key, which signs checkpoints. Taken from {@code aurelis.audit.signing-key}
 * ({@code AURELIS_AUDIT_SIGNING_KEY}: the base64 of a 32-byte seed or of a PKCS#8 Ed25519 key); without it, a key is
 * generated once and kept in the data directory ({@code audit-signing-key}, readable by its owner only). Replicas
 * must share the configured key. Public keys of earlier keys ({@code aurelis.audit.trusted-keys}, base64 X.509) still
 * verify the checkpoints they signed.
 */
@Component
public class AuditKey {

    private static final Logger log = LoggerFactory.getLogger(AuditKey.class);
    private static final int SEED = 32;

    private final KeyPair pair;
    private final String id;
    private final Map<String, PublicKey> trusted = new LinkedHashMap<>();

    AuditKey(@Value("${aurelis.audit.signing-key:}") String configured, @Value("${aurelis.data-dir}") String dataDir,
            @Value("${aurelis.audit.trusted-keys:}") List<String> trustedKeys) {
        byte[] seed = configured.isBlank() ? storedSeed(Path.of(dataDir).resolve("audit-signing-key")) : seed(configured);
        this.pair = fromSeed(seed);
        Arrays.fill(seed, (byte) 0);
        this.id = idOf(pair.getPublic());
        trusted.put(id, pair.getPublic());
        for (String key : trustedKeys) {
            if (!key.isBlank()) {
                PublicKey publicKey = publicKey(key.strip());
                trusted.put(idOf(publicKey), publicKey);
            }
        }
    }

    /** Identifies the key: the first 16 hex digits of the SHA-256 of its public key. */
    public String id() {
        return id;
    }

    /** The public key, base64 X.509, to keep outside the database for verification elsewhere. */
    public String publicKey() {
        return Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    }

    public byte[] sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(pair.getPrivate());
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign an audit checkpoint", e);
        }
    }

    /** Whether {@code signature} over {@code message} was made by the key {@code keyId} (the current or a trusted one). */
    public boolean verify(String keyId, byte[] message, byte[] signature) {
        PublicKey key = trusted.get(keyId);
        if (key == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public boolean knows(String keyId) {
        return trusted.containsKey(keyId);
    }

    private static byte[] seed(String configured) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(configured.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("aurelis.audit.signing-key is not base64", e);
        }
        if (decoded.length == SEED) {
            return decoded;
        }
        // PKCS#8 of an Ed25519 key: a fixed 16-byte header, then the 32-byte seed
        if (decoded.length == 48) {
            return Arrays.copyOfRange(decoded, 16, 48);
        }
        throw new IllegalStateException("aurelis.audit.signing-key must be the base64 of a 32-byte Ed25519 seed or of "
                + "its PKCS#8 encoding; it decodes to " + decoded.length + " bytes");
    }

    private static byte[] storedSeed(Path file) {
        try {
            if (Files.exists(file)) {
                return seed(Files.readString(file, StandardCharsets.US_ASCII));
            }
            byte[] seed = new byte[SEED];
            new SecureRandom().nextBytes(seed);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, Base64.getEncoder().encodeToString(seed), StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the directory's permissions protect it
            }
            log.info("Generated the audit signing key in {}; set AURELIS_AUDIT_SIGNING_KEY to share it between replicas",
                    file);
            return seed;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the audit signing key " + file, e);
        }
    }

    /** Ed25519 derives the key pair from its seed: the generator takes the seed as its 32 random bytes. */
    private static KeyPair fromSeed(byte[] seed) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
                @Override
                public void nextBytes(byte[] bytes) {
                    System.arraycopy(seed, 0, bytes, 0, Math.min(bytes.length, seed.length));
                }
            });
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    private static PublicKey publicKey(String base64) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("aurelis.audit.trusted-keys holds a value that is not a base64 X.509 "
                    + "Ed25519 public key", e);
        }
    }

    private static String idOf(PublicKey key) {
        return Canonical.hex(Canonical.sha256().digest(key.getEncoded())).substring(0, 16);
    }
}
