package dev.aurelis.alerting;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signatures as the Standard Webhooks specification defines them, for every module that sends webhooks (alerting's
 * webhook channel, the outbound webhook subscriptions): the {@code webhook-signature} header is
 * {@code v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">}, keyed by the base64 bytes after the
 * {@code whsec_} prefix of the secret (a secret without the prefix is used as its UTF-8 bytes).
 */
public final class WebhookSignatures {

    /** The prefix of a Standard Webhooks secret. */
    public static final String SECRET_PREFIX = "whsec_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignatures() {
    }

    /** The {@code webhook-signature} header's value for one message. */
    public static String sign(String secret, String id, long timestamp, String body) {
        byte[] key = secret.startsWith(SECRET_PREFIX)
                ? Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()))
                : secret.getBytes(StandardCharsets.UTF_8);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signature = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signature);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    /** A new secret: {@code whsec_} and 32 random bytes in base64 (the specification asks for 24 to 64 bytes). */
    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** Whether {@code secret} is a {@code whsec_} secret whose key is 24 to 64 bytes of base64. */
    public static boolean isWellFormed(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            return false;
        }
        try {
            int length = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length())).length;
            return length >= 24 && length <= 64;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
