package dev.aurelis.providers.http;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A request body that holds its bytes only until the answer comes (ADR 0077). The JDK's
 * {@code BodyPublishers.ofByteArray} copies the bytes into 16 KB buffers for each subscription, and the exchange
 * keeps that subscription, and the response its request, for as long as the answer is open: a streamed answer held
 * the upstream request twice (160 KB for an 80 KB Claude Code request) until its last event. This one hands the
 * bytes over without copying, its subscription lets go of them once handed over, and the body itself at
 * {@link #release()}.
 */
public final class SentOnceBody implements HttpRequest.BodyPublisher {

    private final long length;
    private final AtomicReference<byte[]> bytes;

    public SentOnceBody(byte[] body) {
        this.length = body.length;
        this.bytes = new AtomicReference<>(body);
    }

    @Override
    public long contentLength() {
        return length;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        byte[] held = bytes.get(); // kept until the answer comes, should the client have to send again
        OneBuffer subscription = new OneBuffer(subscriber, held);
        subscriber.onSubscribe(subscription);
        if (held == null) {
            // asked to send after the answer came (the JDK client does not resend a POST): say so rather than hang
            subscription.fail(new IllegalStateException("The request body was released after its answer arrived"));
        }
    }

    /** The answer's headers arrived: bytes not handed over yet are not wanted any more. */
    public void release() {
        bytes.set(null);
    }

    /** Whether the bytes are still held here (not yet handed over nor released). */
    public boolean holdsBytes() {
        return bytes.get() != null;
    }

    /** Delivers one buffer, then completes; lets go of the bytes and the subscriber as soon as it has. */
    private static final class OneBuffer implements Flow.Subscription {
        private final AtomicReference<byte[]> pending;
        private volatile Flow.Subscriber<? super ByteBuffer> subscriber;

        OneBuffer(Flow.Subscriber<? super ByteBuffer> subscriber, byte[] bytes) {
            this.subscriber = subscriber;
            this.pending = new AtomicReference<>(bytes);
        }

        @Override
        public void request(long n) {
            Flow.Subscriber<? super ByteBuffer> to = subscriber;
            if (to == null) {
                return;
            }
            if (n <= 0) {
                fail(new IllegalArgumentException("request(" + n + "): must ask for at least one item"));
                return;
            }
            byte[] body = pending.getAndSet(null);
            if (body != null) {
                to.onNext(ByteBuffer.wrap(body)); // a request() from within onNext finds nothing pending: no recursion
                subscriber = null;
                to.onComplete();
            }
        }

        @Override
        public void cancel() {
            pending.set(null);
            subscriber = null;
        }

        void fail(Throwable failure) {
            Flow.Subscriber<? super ByteBuffer> to = subscriber;
            pending.set(null);
            subscriber = null;
            if (to != null) {
                to.onError(failure);
            }
        }
    }
}
