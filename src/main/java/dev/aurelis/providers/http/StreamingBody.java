package dev.aurelis.providers.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A response body read as a stream as it arrives, which hands out every byte received before the connection failed
 * and only then the failure. The JDK's {@code BodyHandlers.ofInputStream()} throws away bytes it already holds once it
 * learns of a failure, which loses the last events of a broken stream and the usage they reported.
 */
public final class StreamingBody extends InputStream implements HttpResponse.BodySubscriber<InputStream>,
        dev.aurelis.providers.ProviderSilence {

    private static final Object END = new Object();
    private static final Object CLOSED = new Object();

    private final BlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;
    /** The client delivered the whole body or its failure: nothing is left to cancel. */
    private volatile boolean delivered;
    private Iterator<ByteBuffer> pending = Collections.emptyIterator();
    private ByteBuffer buffer;
    private boolean ended;
    private Throwable failure;
    /** When the reader began to wait for bytes the provider had not sent yet; 0 while it is not waiting. */
    private volatile long waitingSince;

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedStage(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (closed) {
            subscription.cancel();
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        waitingSince = 0; // the provider answered; whether the reader has taken it yet is the gateway's business
        arrived.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        delivered = true;
        waitingSince = 0;
        arrived.add(throwable);
    }

    @Override
    public void onComplete() {
        delivered = true;
        waitingSince = 0;
        arrived.add(END);
    }

    /**
     * Since when the reader has been waiting for the provider's next bytes, in {@link System#nanoTime()}; 0 while it
     * is not waiting: it is busy elsewhere (writing to a slow client, waiting for the ledger, not scheduled), or bytes
     * have arrived that it has not taken yet. Only this time is the provider's silence.
     */
    @Override
    public long silentSinceNanos() {
        return waitingSince;
    }

    @Override
    public int read() throws IOException {
        ByteBuffer current = current();
        return current == null ? -1 : current.get() & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        ByteBuffer current = current();
        if (current == null) {
            return -1;
        }
        int count = Math.min(length, current.remaining());
        current.get(bytes, offset, count);
        return count;
    }

    @Override
    public int available() {
        return buffer == null ? 0 : buffer.remaining();
    }

    /**
     * Stops the body: a reader blocked waiting for bytes gets an {@link IOException} at once. A body delivered in
     * full is not cancelled: the JDK's client would build an {@code IOException("subscription cancelled")}, with its
     * stack trace, for every exchange, and close the connection it is about to reuse.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Flow.Subscription current = subscription;
        if (current != null && !delivered) {
            current.cancel();
        }
        arrived.add(CLOSED);
    }

    /** The buffer to read from, waiting for one if needed; null at the end of the body. */
    @SuppressWarnings("unchecked")
    private ByteBuffer current() throws IOException {
        while (buffer == null || !buffer.hasRemaining()) {
            if (closed) {
                throw new IOException("closed");
            }
            if (failure != null) {
                throw new IOException(failure.getMessage(), failure);
            }
            if (ended) {
                return null;
            }
            if (pending.hasNext()) {
                buffer = pending.next();
                continue;
            }
            Object next = arrived.poll();
            if (next == null) {
                waitingSince = System.nanoTime() | 1; // never 0, which means not waiting
                try {
                    next = arrived.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading a provider's answer");
                } finally {
                    waitingSince = 0;
                }
            }
            if (next == END) {
                ended = true;
            } else if (next instanceof Throwable cause) {
                failure = cause;
            } else if (next != CLOSED) {
                pending = ((List<ByteBuffer>) next).iterator();
                subscription.request(1);
            }
        }
        return buffer;
    }
}
