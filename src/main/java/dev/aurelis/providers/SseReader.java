package dev.aurelis.providers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads server-sent events from a byte stream as they arrive (the WHATWG event-stream format): {@code event:}
 * and {@code data:} fields, comment lines ignored, an event ends at a blank line.
 */
public final class SseReader implements AutoCloseable {

    private final BufferedReader reader;

    public SseReader(InputStream in) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 8192);
    }

    /** The next event, or null at the end of the stream. */
    public SseEvent next() throws IOException {
        String event = null;
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new SseEvent(event, data.toString());
                }
                event = null;
                continue;
            }
            if (line.charAt(0) == ':') {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> event = value;
                case "data" -> {
                    if (data == null) {
                        data = new StringBuilder(value);
                    } else {
                        data.append('\n').append(value);
                    }
                }
                default -> {
                    // id and retry carry nothing a gateway needs
                }
            }
        }
        // A stream that ends without the final blank line still delivers its last complete event.
        return data == null ? null : new SseEvent(event, data.toString());
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    /** The wire form of an event, ready to write to a client. */
    public static byte[] encode(SseEvent event) {
        StringBuilder out = new StringBuilder(event.data().length() + 32);
        if (event.event() != null) {
            out.append("event: ").append(event.event()).append('\n');
        }
        for (String line : event.data().split("\n", -1)) {
            out.append("data: ").append(line).append('\n');
        }
        out.append('\n');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
