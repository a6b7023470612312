package dev.aurelis.providers.http;

import dev.aurelis.providers.ProviderSilence;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.concurrent.Cancellable;

/**
 * An answer's body read on the exchange's own thread, straight from the connection. It knows when its reader waits
 * on the provider (ADR 0073), and closing it before the end, from any thread, drops the connection at once, so a
 * reader blocked on a silent provider fails instead of waiting, and no half-read answer goes back to the pool.
 */
final class ProviderBody extends InputStream implements ProviderSilence {

    private final InputStream in;
    private final Cancellable exchange;
    private final AutoCloseable response;
    private volatile long waitingSince;
    private volatile boolean ended;
    private volatile boolean closed;

    /**
     * @param in       the entity's content, which gives the connection back to the pool at its end; null: no body
     * @param exchange cancels the exchange, closing its connection at once
     * @param response the response, closed last
     */
    ProviderBody(InputStream in, Cancellable exchange, AutoCloseable response) {
        this.in = in == null ? InputStream.nullInputStream() : in;
        this.exchange = exchange;
        this.response = response;
    }

    @Override
    public long silentSinceNanos() {
        return waitingSince;
    }

    @Override
    public int read() throws IOException {
        open();
        waitingSince = System.nanoTime() | 1; // never 0, which means not waiting
        try {
            int b = in.read();
            ended = b < 0;
            return b;
        } finally {
            waitingSince = 0;
        }
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        open();
        if (length == 0) {
            return 0;
        }
        waitingSince = System.nanoTime() | 1;
        try {
            int count = in.read(bytes, offset, length);
            ended = count < 0;
            return count;
        } finally {
            waitingSince = 0;
        }
    }

    @Override
    public int available() throws IOException {
        return closed ? 0 : in.available();
    }

    /**
     * Stops the body. Read to its end, the connection is already back in the pool; before that, the exchange is
     * cancelled, which closes the connection (a reader blocked on it gets an {@link IOException} at once).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!ended) {
            exchange.cancel();
        }
        try {
            response.close();
        } catch (Exception e) {
            // the connection is closed or back in the pool either way
        }
    }

    private void open() throws IOException {
        if (closed) {
            throw new IOException("closed");
        }
    }
}
