package dev.aurelis.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a server-sent-event byte stream into events as the bytes arrive, in pieces cut anywhere (a network
 * read ends where it ends, mid-line or mid-character). Follows the SSE rules the providers rely on: lines end in
 * LF or CRLF, {@code data:} lines of one event are joined by LF, a blank line ends the event, lines starting with a
 * colon are comments, one space after the colon is dropped.
 */
public final class SseFramer {

    /** Receives each complete event; {@code event} is null when the stream names none (OpenAI). */
    public interface Listener {
        void onEvent(String event, String data);
    }

    private final Listener listener;
    private byte[] line = new byte[256];
    private int lineLength;
    private byte[] data = new byte[256];
    private int dataLength;
    private boolean hasData;
    private String event;

    public SseFramer(Listener listener) {
        this.listener = listener;
    }

    /** Feeds the next piece of the stream. */
    public void feed(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int newline = indexOf(bytes, i, end);
            if (newline < 0) {
                append(bytes, i, end - i);
                return;
            }
            if (lineLength == 0) {
                processLine(bytes, i, newline - i);
            } else {
                append(bytes, i, newline - i);
                processLine(line, 0, lineLength);
                lineLength = 0;
            }
            i = newline + 1;
        }
    }

    private static int indexOf(byte[] bytes, int from, int end) {
        for (int i = from; i < end; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(byte[] bytes, int offset, int length) {
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
        }
        System.arraycopy(bytes, offset, line, lineLength, length);
        lineLength += length;
    }

    private void processLine(byte[] b, int offset, int length) {
        if (length > 0 && b[offset + length - 1] == '\r') {
            length--;
        }
        if (length == 0) {
            dispatch();
            return;
        }
        if (b[offset] == ':') {
            return;
        }
        int colon = -1;
        for (int i = offset; i < offset + length; i++) {
            if (b[i] == ':') {
                colon = i;
                break;
            }
        }
        int nameEnd = colon < 0 ? offset + length : colon;
        int valueStart = colon < 0 ? offset + length : colon + 1;
        if (valueStart < offset + length && b[valueStart] == ' ') {
            valueStart++;
        }
        int valueLength = offset + length - valueStart;
        int nameLength = nameEnd - offset;
        if (nameLength == 4 && b[offset] == 'd' && b[offset + 1] == 'a' && b[offset + 2] == 't'
                && b[offset + 3] == 'a') {
            if (hasData) {
                appendData(new byte[] {'\n'}, 0, 1);
            }
            appendData(b, valueStart, valueLength);
            hasData = true;
        } else if (nameLength == 5 && new String(b, offset, 5, StandardCharsets.US_ASCII).equals("event")) {
            event = new String(b, valueStart, valueLength, StandardCharsets.UTF_8);
        }
    }

    private void appendData(byte[] b, int offset, int length) {
        if (dataLength + length > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, dataLength + length));
        }
        System.arraycopy(b, offset, data, dataLength, length);
        dataLength += length;
    }

    private void dispatch() {
        if (hasData) {
            listener.onEvent(event, new String(data, 0, dataLength, StandardCharsets.UTF_8));
        }
        event = null;
        dataLength = 0;
        hasData = false;
    }

    /** Encodes one event as SSE text: {@code event:} when named, one {@code data:} line per line of data. */
    public static byte[] encode(String event, String data) {
        StringBuilder sb = new StringBuilder(data.length() + 32);
        if (event != null) {
            sb.append("event: ").append(event).append('\n');
        }
        int start = 0;
        while (true) {
            int nl = data.indexOf('\n', start);
            sb.append("data: ").append(data, start, nl < 0 ? data.length() : nl).append('\n');
            if (nl < 0) {
                break;
            }
            start = nl + 1;
        }
        return sb.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }
}
