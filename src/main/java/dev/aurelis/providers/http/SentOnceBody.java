package dev.aurelis.providers.http;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * A request body that lets its bytes go once the request is answered. The JDK client's response keeps its request,
 * and the request its body publisher, for as long as the response is open: a streamed answer would hold the whole
 * upstream request (80 KB for a Claude Code request) until its last event (ADR 0077). Once the response's headers
 * arrived the body is written, or will never be wanted again; a subscription already under way keeps its own buffer.
 */
public final class SentOnceBody implements HttpRequest.BodyPublisher {

    private final long length;
    private volatile HttpRequest.BodyPublisher bytes;

    public SentOnceBody(byte[] body) {
        this.length = body.length;
        this.bytes = HttpRequest.BodyPublishers.ofByteArray(body);
    }

    @Override
    public long contentLength() {
        return length;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        HttpRequest.BodyPublisher held = bytes;
        if (held != null) {
            held.subscribe(subscriber);
            return;
        }
        // asked to send again after the answer came (the JDK client does not resend a POST): say so rather than hang
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        });
        subscriber.onError(new IllegalStateException("The request body was released after its answer arrived"));
    }

    /** The answer's headers arrived: the bytes are not needed any more. */
    public void release() {
        bytes = null;
    }

    /** Whether the bytes are still held. */
    public boolean holdsBytes() {
        return bytes != null;
    }
}
