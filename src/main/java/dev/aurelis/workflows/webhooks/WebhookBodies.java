package dev.aurelis.workflows.webhooks;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/** Reading a webhook delivery: its body within the code hosts' own limit, and secrets compared in constant time. */
public final class WebhookBodies {

    /** GitHub caps payloads at 25 MB; GitLab's are smaller. */
    public static final int MAX_BYTES = 25 * 1024 * 1024;

    private WebhookBodies() {
    }

    /** The body, or null when it exceeds {@link #MAX_BYTES}. */
    public static byte[] read(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BYTES) {
            return null;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BYTES + 1);
        return body.length > MAX_BYTES ? null : body;
    }

    /** Whether two secrets (or signatures) are equal, taking the same time wherever they differ. */
    public static boolean sameSecret(String presented, String expected) {
        if (presented == null || expected == null) {
            return false;
        }
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
