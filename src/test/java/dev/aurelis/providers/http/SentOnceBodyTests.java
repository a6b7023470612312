package dev.aurelis.providers.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** An upstream request body lets its bytes go once its answer arrived (ADR 0077). */
class SentOnceBodyTests {

    private final byte[] bytes = "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void sendsItsBytesUntilReleased() {
        SentOnceBody body = new SentOnceBody(bytes);
        Collecting sink = new Collecting();

        body.subscribe(sink);

        assertThat(body.contentLength()).isEqualTo(bytes.length);
        assertThat(sink.received()).isEqualTo(bytes);
        assertThat(sink.completed).isTrue();
        assertThat(body.holdsBytes()).isTrue();
    }

    @Test
    void holdsNothingOnceReleasedAndRefusesToSendAgain() {
        SentOnceBody body = new SentOnceBody(bytes);
        body.release();
        Collecting sink = new Collecting();

        body.subscribe(sink);

        assertThat(body.holdsBytes()).isFalse();
        assertThat(body.contentLength()).isEqualTo(bytes.length);
        assertThat(sink.failure).isInstanceOf(IllegalStateException.class);
        assertThat(sink.received()).isEmpty();
    }

    @Test
    void deliversOneBufferWithoutCopyingEvenToASubscriberThatAsksAgainFromOnNext() {
        SentOnceBody body = new SentOnceBody(bytes);
        Collecting sink = new Collecting();
        sink.askAgainOnNext = true;

        body.subscribe(sink);

        assertThat(sink.buffers).hasSize(1);
        assertThat(sink.buffers.getFirst().array()).isSameAs(bytes);
        assertThat(sink.completions).isEqualTo(1);
    }

    private static final class Collecting implements Flow.Subscriber<ByteBuffer> {
        private final List<ByteBuffer> buffers = new ArrayList<>();
        private boolean completed;
        private int completions;
        private Throwable failure;
        private boolean askAgainOnNext;
        private Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(ByteBuffer item) {
            buffers.add(item);
            if (askAgainOnNext) {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            failure = throwable;
        }

        @Override
        public void onComplete() {
            completed = true;
            completions++;
        }

        byte[] received() {
            int n = buffers.stream().mapToInt(ByteBuffer::remaining).sum();
            ByteBuffer all = ByteBuffer.allocate(n);
            buffers.forEach(b -> all.put(b.duplicate()));
            return all.array();
        }
    }
}
