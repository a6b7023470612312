package dev.aurelis.identity.signin;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;

/** The address people reach Aurelis at: {@code integrations.sso.public_url}, else the request's own. */
final class PublicUrl {

    private PublicUrl() {
    }

    static String of(URI configured, HttpServletRequest request) {
        if (configured != null) {
            return configured.toString().replaceAll("/+$", "");
        }
        String scheme = request.getScheme();
        int port = request.getServerPort();
        boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + request.getServerName() + (defaultPort ? "" : ":" + port);
    }

    /** A path on this server to return to after sign-in; anything else (another site) becomes {@code fallback}. */
    static String localPath(String next, String fallback) {
        if (next == null || next.isBlank() || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.contains("\r") || next.contains("\n")) {
            return fallback;
        }
        return next;
    }
}
