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
    /** Writers: the exchange's thread, and the watchdog's keep-alives, which never wait for it. */
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    private volatile boolean finished;
    private volatile OutputStream out;
    private volatile long heldSince;
    private volatile long lastWrite;
    private volatile boolean holding;

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

    /** Keeps an opening event back until the stream starts (or writes it, when a keep-alive started it). */
    void hold(SseEvent event) {
        lock.lock();
        try {
            if (out != null) {
                write(event);
                return;
            }
            if (held.isEmpty()) {
                heldSince = System.nanoTime();
                holding = true;
            }
            held.add(event);
        } finally {
            lock.unlock();
        }
    }

    /** @throws ClientGone when the client closed the connection */
    void write(SseEvent event) {
        lock.lock();
        try {
            if (out == null) {
                start();
            }
            out.write(SseReader.encode(event));
            out.flush();
            lastWrite = System.nanoTime();
        } catch (IOException e) {
            throw new ClientGone();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A comment line ({@code : keep-alive}) when the client has received nothing for {@code interval}, so proxies
     * and clients do not time out a stream whose model is thinking. An opening held back that long is sent first
     * (ADR 0017 ends the hold after a while anyway). Skipped while the exchange's thread is writing.
     */
    /** Whether a keep-alive is due (read without the lock: the sweep asks often and acts rarely). */
    boolean keepAliveDue(long now, long intervalNanos) {
        return !finished && (out == null ? holding && now - heldSince >= intervalNanos : now - lastWrite >= intervalNanos);
    }

    void keepAlive(long now, long intervalNanos) {
        if (finished || !lock.tryLock()) {
            return;
        }
        try {
            if (out == null) {
                if (held.isEmpty() || now - heldSince < intervalNanos) {
                    return;
                }
                start();
            } else if (now - lastWrite < intervalNanos) {
                return;
            }
            out.write(KEEP_ALIVE);
            out.flush();
            lastWrite = now;
        } catch (IOException | RuntimeException e) {
            // the client is gone or the response unusable: the exchange's thread finds out on its next write
        } finally {
            lock.unlock();
        }
    }

    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

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
        OutputStream stream = response.getOutputStream();
        for (SseEvent event : held) {
            stream.write(SseReader.encode(event));
        }
        held.clear();
        holding = false;
        out = stream;
        lastWrite = System.nanoTime();
    }

    /** Thrown when writing to the client fails: it closed the connection. */
    static final class ClientGone extends RuntimeException {
        ClientGone() {
            super(null, null, false, false);
        }
    }
}
