package dev.aurelis.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseFramerTests {

    @Test
    void yieldsTheSameEventsWhereverTheReadsCutTheStream() {
        byte[] stream = BenchData.anthropicStream(5);
        List<String> whole = frame(stream, stream.length);
        assertEquals(11, whole.size());  // message_start, block start, ping, 5 deltas, block stop, delta, stop
        for (int size = 1; size < 300; size++) {
            assertEquals(whole, frame(stream, size), "reads of " + size + " bytes");
        }
    }

    @Test
    void joinsDataLinesSkipsCommentsAndAcceptsCrLf() {
        byte[] text = ": keep-alive\r\nevent: x\r\ndata: a\r\ndata:b\r\n\r\ndata: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of("x|a\nb", "null|[DONE]"), frame(text, 3));
    }

    @Test
    void encodesEveryDataLine() {
        assertEquals("event: e\ndata: 1\ndata: 2\n\n", new String(SseFramer.encode("e", "1\n2"), StandardCharsets.UTF_8));
    }

    private static List<String> frame(byte[] stream, int readSize) {
        List<String> events = new ArrayList<>();
        SseFramer framer = new SseFramer((event, data) -> events.add(event + "|" + data));
        for (int off = 0; off < stream.length; off += readSize) {
            framer.feed(stream, off, Math.min(readSize, stream.length - off));
        }
        return events;
    }
}
