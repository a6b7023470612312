package dev.aurelis.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Server-sent events read as the WHATWG event-stream format has them, however the bytes arrive. */
class SseReaderTests {

    @Test
    void readsEventsWithTheirNamesAndJoinsDataLines() throws IOException {
        List<SseEvent> events = readAll("event: message_start\ndata: {\"a\":1}\n\n: a comment\ndata: one\ndata: two\n\n", 4096);

        assertThat(events).containsExactly(new SseEvent("message_start", "{\"a\":1}"), new SseEvent(null, "one\ntwo"));
    }

    @Test
    void aLineEndsAtCarriageReturnLineFeedOrBoth() throws IOException {
        String stream = "data: crlf\r\n\r\ndata: cr\r\rdata: lf\n\n";
        for (int chunk : new int[] {1, 2, 3, 4096}) {
            assertThat(readAll(stream, chunk)).as("read %d bytes at a time", chunk)
                    .containsExactly(new SseEvent(null, "crlf"), new SseEvent(null, "cr"), new SseEvent(null, "lf"));
        }
    }

    @Test
    void keepsCharactersWhoseBytesArriveInDifferentReads() throws IOException {
        String text = "héllo wörld — 你好 🚀";

        assertThat(readAll("data: " + text + "\n\n", 1)).containsExactly(new SseEvent(null, text));
    }

    @Test
    void readsLinesLongerThanItsBufferThenGoesOnWithShortOnes() throws IOException {
        String longLine = "x".repeat(SseReader.INITIAL_BUFFER * 5 + 17);

        List<SseEvent> events = readAll("data: " + longLine + "\n\ndata: short\n\n", 1000);

        assertThat(events).containsExactly(new SseEvent(null, longLine), new SseEvent(null, "short"));
    }

    @Test
    void deliversTheLastEventOfAStreamThatEndsWithoutABlankLine() throws IOException {
        assertThat(readAll("data: first\n\ndata: last", 3))
                .containsExactly(new SseEvent(null, "first"), new SseEvent(null, "last"));
        assertThat(readAll("", 3)).isEmpty();
        assertThat(readAll("\n\n: only a comment\n", 3)).isEmpty();
    }

    @Test
    void aFieldWithoutAColonHasAnEmptyValueAndUnknownFieldsAreIgnored() throws IOException {
        assertThat(readAll("id: 7\nretry: 10\ndata\n\nevent:ping\ndata:x\n\n", 5))
                .containsExactly(new SseEvent(null, ""), new SseEvent("ping", "x"));
    }

    private static List<SseEvent> readAll(String stream, int chunk) throws IOException {
        List<SseEvent> events = new ArrayList<>();
        try (SseReader reader = new SseReader(new Trickle(stream.getBytes(StandardCharsets.UTF_8), chunk))) {
            SseEvent event;
            while ((event = reader.next()) != null) {
                events.add(event);
            }
        }
        return events;
    }

    /** Hands its bytes over at most {@code chunk} at a time, as a network stream may. */
    private static final class Trickle extends InputStream {
        private final ByteArrayInputStream bytes;
        private final int chunk;

        Trickle(byte[] bytes, int chunk) {
            this.bytes = new ByteArrayInputStream(bytes);
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return bytes.read(b, off, Math.min(len, chunk));
        }
    }
}
