package dev.aurelis.gateway.wire;

import dev.aurelis.gateway.GatewaySettings;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Reads what a caller sent: the body within {@code gateway.max_body_size}, and the headers by lower-case name. */
public final class RequestBodies {

    private RequestBodies() {
    }

    /** The whole body; a body over the limit or an empty one is refused before it is parsed. */
    public static byte[] read(HttpServletRequest request, GatewaySettings settings) throws IOException {
        long max = settings.maxBodyBytes();
        long declared = request.getContentLengthLong();
        if (declared > max) {
            throw new GatewayError(GatewayError.Kind.TOO_LARGE, 413, "The request body is " + declared
                    + " bytes; the limit is " + max + " bytes (gateway.max_body_size).", "request_too_large", null);
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (body.length > max) {
            throw new GatewayError(GatewayError.Kind.TOO_LARGE, 413, "The request body exceeds the limit of " + max
                    + " bytes (gateway.max_body_size).", "request_too_large", null);
        }
        if (body.length == 0) {
            throw GatewayError.invalid("The request body is empty; send a JSON object.", null);
        }
        int invalid = Utf8.firstInvalid(body, 0, body.length);
        if (invalid >= 0) {
            throw GatewayError.invalid("The request body is not valid UTF-8 (at byte " + invalid
                    + "); overlong and malformed sequences are refused.", null);
        }
        return body;
    }

    /** The request's headers keyed by lower-case name (the first value of each). */
    public static Map<String, String> headers(HttpServletRequest request) {
        Map<String, String> headers = new HashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), request.getHeader(name));
        }
        return headers;
    }
}
