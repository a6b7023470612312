package dev.aurelis.providers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads server-sent events from a byte stream as they arrive (the WHATWG event-stream format): {@code event:}
 * and {@code data:} fields, comment lines ignored, an event ends at a blank line; a line ends at CR, LF or CRLF.
 *
 * <p>Lines are cut from the bytes and only then decoded (a line break is never part of a UTF-8 sequence), through a
 * buffer that starts at {@link #INITIAL_BUFFER} bytes and grows only for a longer line: every open stream has one,
 * and a reader with a character buffer held 24 KB per stream where providers' events are a few hundred bytes
 * (ADR 0083).
 */
public final class SseReader implements AutoCloseable {

    static final int INITIAL_BUFFER = 2048;

    private final InputStream in;
    private byte[] buffer = new byte[INITIAL_BUFFER];
    /** The unread bytes are {@code buffer[start, end)}; those before {@code scanned} hold no line break. */
    private int start;
    private int end;
    private int scanned;
    /** The last line ended with CR: an LF right after it belongs to the same break. */
    private boolean skipLineFeed;
    private boolean ended;

    public SseReader(InputStream in) {
        this.in = in;
    }

    /** The next event, or null at the end of the stream. */
    public SseEvent next() throws IOException {
        String event = null;
        StringBuilder data = null;
        String line;
        while ((line = readLine()) != null) {
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

    /** The next line without its break, or null at the end of the stream; a last line without a break counts. */
    private String readLine() throws IOException {
        while (true) {
            if (skipLineFeed && start < end) {
                skipLineFeed = false;
                if (buffer[start] == '\n') {
                    start++;
                    scanned = Math.max(scanned, start);
                }
            }
            for (int i = Math.max(scanned, start); i < end; i++) {
                byte b = buffer[i];
                if (b == '\n' || b == '\r') {
                    String line = new String(buffer, start, i - start, StandardCharsets.UTF_8);
                    start = i + 1;
                    scanned = start;
                    skipLineFeed = b == '\r';
                    return line;
                }
            }
            scanned = end;
            if (ended || !fill()) {
                ended = true;
                if (start == end) {
                    return null;
                }
                String last = new String(buffer, start, end - start, StandardCharsets.UTF_8);
                start = end;
                return last;
            }
        }
    }

    /** Reads more bytes after the unread ones, making room first; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (start == end) {
            start = 0;
            end = 0;
            scanned = 0;
            if (buffer.length > INITIAL_BUFFER) {
                buffer = new byte[INITIAL_BUFFER]; // a long line is over: an open stream goes back to a small buffer
            }
        } else if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            scanned -= start;
            start = 0;
        }
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2); // one line longer than the buffer
        }
        int read;
        do {
            read = in.read(buffer, end, buffer.length - end);
        } while (read == 0);
        if (read < 0) {
            return false;
        }
        end += read;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
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
