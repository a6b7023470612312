package dev.aurelis.gateway.wire;

import dev.aurelis.gateway.GatewaySettings;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads what a caller sent: the body within {@code gateway.max_body_size}, and the headers by lower-case name; and any
 * whole body of a declared length (a provider's answer too) into one array of that length.
 */
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
        byte[] body = declared >= 0 ? ofLength(request.getInputStream(), declared)
                : request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
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

    /**
     * A whole body whose length was declared, read into one array of that length (reading to the end in chunks
     * allocates 16 KB and copies: a fifth of what an ordinary chat exchange allocated); shorter when the stream ends
     * early, longer when it goes on. The stream is read to its end, which is what gives a provider's connection back
     * to its pool. An unknown length (negative), or one above {@link #SIZED_READ_LIMIT}, is read in chunks, so a wrong
     * length cannot claim the heap.
     */
    public static byte[] ofLength(InputStream in, long declared) throws IOException {
        if (declared < 0 || declared > SIZED_READ_LIMIT) {
            return in.readAllBytes();
        }
        byte[] body = new byte[(int) declared];
        int read = in.readNBytes(body, 0, body.length);
        if (read < body.length) {
            return Arrays.copyOf(body, read);
        }
        int next = in.read();
        if (next < 0) {
            return body;
        }
        byte[] rest = in.readAllBytes();
        byte[] whole = Arrays.copyOf(body, body.length + 1 + rest.length);
        whole[body.length] = (byte) next;
        System.arraycopy(rest, 0, whole, body.length + 1, rest.length);
        return whole;
    }

    /** The largest declared length read into an array of its size at once. */
    static final long SIZED_READ_LIMIT = 8L * 1024 * 1024;

    /** The request's headers keyed by lower-case name (the first value of each). */
    public static Map<String, String> headers(HttpServletRequest request) {
        Map<String, String> headers = new HashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), request.getHeader(name));
        }
        return headers;
    }
}
