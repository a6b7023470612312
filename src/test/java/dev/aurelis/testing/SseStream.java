package dev.aurelis.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.IntFunction;

import com.sun.net.httpserver.HttpExchange;

/**
 * A server-sent-event response written event by event: each event is written as its own HTTP chunk and flushed at
 * once, so a client sees it as soon as it is written. Applies the stream aspects of a {@link Fault}.
 */
final class SseStream {

    /** One {@code event:} (optional) plus {@code data:} frame. */
    record Frame(String event, String data) {
    }

    /** Thrown to make the server close the connection abruptly (no terminating chunk). */
    static final class ConnectionDrop extends RuntimeException {
        ConnectionDrop() {
            super("fake upstream: connection dropped on purpose", null, false, false);
        }
    }

    /** Thrown after an in-stream error event: the stream ends there, cleanly. */
    static final class StreamEnded extends RuntimeException {
        StreamEnded() {
            super("fake upstream: stream ended after an error event", null, false, false);
        }
    }

    private final OutputStream out;
    private final Fault fault;
    private final Duration eventDelay;
    private final IntFunction<Frame> errorEvent;
    private final StreamGate gate;
    private int written;

    /**
     * Sends the {@code 200} headers (chunked) at once.
     *
     * @param errorEvent the vendor's in-stream error frame, given the number of events written so far
     */
    SseStream(HttpExchange exchange, Fault fault, Duration eventDelay, IntFunction<Frame> errorEvent, StreamGate gate) {
        this.gate = gate;
        this.fault = fault;
        this.eventDelay = eventDelay;
        this.errorEvent = errorEvent;
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        try {
            exchange.sendResponseHeaders(200, 0);
            this.out = exchange.getResponseBody();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Events written so far. */
    int written() {
        return written;
    }

    /** An OpenAI-style frame: {@code data:} only. */
    void data(String data) {
        send(new Frame(null, data));
    }

    /** A named frame: {@code event: name} plus {@code data:}. */
    void event(String name, String data) {
        send(new Frame(name, data));
    }

    private void send(Frame frame) {
        // the pause comes first, so a drop or an error event takes the place of the event that was due
        pause();
        if (fault != null) {
            if (fault.dropAfterEvents() == written) {
                throw new ConnectionDrop();
            }
            if (fault.errorEventAfterEvents() == written) {
                write(errorEvent.apply(written));
                throw new StreamEnded();
            }
        }
        write(frame);
    }

    /** Called after the last event: applies a drop or error event that the stream was too short to reach. */
    void finish() {
        if (fault != null && (fault.dropAfterEvents() >= 0 || fault.errorEventAfterEvents() >= 0)) {
            pause();
            if (fault.dropAfterEvents() >= 0) {
                throw new ConnectionDrop();
            }
            write(errorEvent.apply(written));
            throw new StreamEnded();
        }
    }

    private void pause() {
        Duration wait = written == 0
                ? (fault == null ? null : fault.firstEventDelay())
                : eventDelay;
        FakeUpstream.sleep(wait);
    }

    private void write(Frame frame) {
        StringBuilder text = new StringBuilder();
        if (frame.event() != null) {
            text.append("event: ").append(frame.event()).append('\n');
        }
        text.append("data: ").append(frame.data()).append("\n\n");
        try {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // the client went away: nothing more to send
            throw new ConnectionDrop();
        }
        written++;
        if (gate != null) {
            gate.awaitIfDue(written);
        }
    }
}
