package dev.aurelis.gateway.edge;

import dev.aurelis.gateway.wire.Utf8;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * JSON bodies at the edge: which content types count as JSON, and the admin and SCIM bodies checked before a
 * controller reads them (they are small, so they are read here within their limit): strict UTF-8 and no NUL, which
 * PostgreSQL cannot store in text and which no name, e-mail or setting needs.
 */
final class JsonBodies {

    static final String REFUSAL = "The request body must be valid UTF-8 JSON without NUL characters "
            + "(overlong and malformed sequences are refused).";

    private JsonBodies() {
    }

    /** No content type (a client that does not say), or a JSON one. */
    static boolean acceptable(HttpServletRequest request) {
        return request.getContentType() == null || isJson(request);
    }

    static boolean isJson(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null) {
            return false;
        }
        String media = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return media.equals("application/json") || media.endsWith("+json") || media.equals("text/json");
    }

    /** The request with its body read and checked, or null when the body is not acceptable. */
    static HttpServletRequest checked(HttpServletRequest request, long limit) throws IOException {
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (body.length > limit) {
            throw new Edge.BodyTooLarge(limit);
        }
        if (Utf8.firstInvalid(body, 0, body.length) >= 0 || hasNul(body)) {
            return null;
        }
        return new Buffered(request, body);
    }

    /** A raw NUL byte, or the escape {@code \u0000} (not itself escaped as {@code \\u0000}). */
    private static boolean hasNul(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            if (body[i] == 0) {
                return true;
            }
            if (body[i] == '\\') {
                if (i + 5 < body.length && (body[i + 1] == 'u' || body[i + 1] == 'U') && body[i + 2] == '0'
                        && body[i + 3] == '0' && body[i + 4] == '0' && body[i + 5] == '0') {
                    return true;
                }
                i++; // the escaped character, so "\\u0000" is text, not a NUL
            }
        }
        return false;
    }

    private static final class Buffered extends HttpServletRequestWrapper {

        private final byte[] body;

        Buffered(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("The body was already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
