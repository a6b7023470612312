package dev.aurelis.gateway.pipeline;

import dev.aurelis.providers.SseEvent;
import dev.aurelis.providers.SseReader;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The client's side of a stream. The response (status, headers, then the events held back) starts with the first
 * event that carries something the model generated; every event is flushed as it is written.
 */
final class ClientStream {

    private final HttpServletResponse response;
    private final Supplier<String> route;
    private final List<SseEvent> held = new ArrayList<>(4);
    private boolean finished;
    private OutputStream out;

    /** @param route the {@code x-aurelis-route} header, as it stands when the stream starts */
    ClientStream(HttpServletResponse response, Supplier<String> route) {
        this.response = response;
        this.route = route;
    }

    boolean started() {
        return out != null;
    }

    /** Whether the client got (or is about to get) the stream's final event. */
    boolean finished() {
        return finished;
    }

    void finish() {
        finished = true;
    }

    /** Keeps an opening event back until the stream starts. */
    void hold(SseEvent event) {
        held.add(event);
    }

    /** @throws ClientGone when the client closed the connection */
    void write(SseEvent event) {
        try {
            if (out == null) {
                start();
            }
            out.write(SseReader.encode(event));
            out.flush();
        } catch (IOException e) {
            throw new ClientGone();
        }
    }

    void writeQuietly(SseEvent event) {
        try {
            write(event);
        } catch (ClientGone ignored) {
            // the client is gone; the ledger already has the record
        }
    }

    private void start() throws IOException {
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("cache-control", "no-cache");
        response.setHeader("x-accel-buffering", "no");
        response.setHeader(Exchanges.ROUTE_HEADER, route.get());
        out = response.getOutputStream();
        for (SseEvent event : held) {
            out.write(SseReader.encode(event));
        }
        held.clear();
    }

    /** Thrown when writing to the client fails: it closed the connection. */
    static final class ClientGone extends RuntimeException {
        ClientGone() {
            super(null, null, false, false);
        }
    }
}
