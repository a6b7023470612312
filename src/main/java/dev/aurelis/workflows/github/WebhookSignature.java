package dev.aurelis.workflows.github;

import dev.aurelis.workflows.webhooks.WebhookBodies;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's webhook signature: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body under the
 * webhook's secret>}, checked over the exact bytes received and compared in constant time.
 */
final class WebhookSignature {

    static final String HEADER = "X-Hub-Signature-256";

    private WebhookSignature() {
    }

    static String of(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    static boolean valid(String secret, byte[] body, String presented) {
        return presented != null && WebhookBodies.sameSecret(presented.strip().toLowerCase(java.util.Locale.ROOT),
                of(secret, body));
    }
}
