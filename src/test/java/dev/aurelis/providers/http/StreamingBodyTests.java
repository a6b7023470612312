package dev.aurelis.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import static org.awaitility.Awaitility.await;

class StreamingBodyTests {

    private final AtomicLong requested = new AtomicLong();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final StreamingBody body = new StreamingBody();

    StreamingBodyTests() {
        body.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                requested.addAndGet(n);
            }

            @Override
            public void cancel() {
                cancelled.set(true);
            }
        });
    }

    @Test
    void handsOutEverythingThatArrivedBeforeTheConnectionFailedThenTheFailure() throws IOException {
        body.onNext(List.of(bytes("event: message_start\n"), bytes("data: {}\n\n")));
        body.onNext(List.of(bytes("event: ping\n")));
        body.onError(new IOException("connection reset"));

        assertThat(body.readNBytes(31)).asString(StandardCharsets.UTF_8).isEqualTo("event: message_start\ndata: {}\n\n");
        assertThat(body.readNBytes(12)).asString(StandardCharsets.UTF_8).isEqualTo("event: ping\n");
        assertThatThrownBy(body::read).isInstanceOf(IOException.class).hasMessageContaining("connection reset");
    }

    @Test
    void endsAfterTheLastByteWhenTheBodyIsComplete() throws IOException {
        body.onNext(List.of(bytes("{\"ok\":true}")));
        body.onComplete();

        assertThat(body.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("{\"ok\":true}");
        assertThat(body.read()).isEqualTo(-1);
    }

    @Test
    void asksForMoreOnlyAsItIsRead() throws IOException {
        assertThat(requested).hasValue(1);
        body.onNext(List.of(bytes("ab")));

        assertThat(body.read()).isEqualTo('a');
        assertThat(requested).hasValue(2);
    }

    @Test
    void wakesABlockedReaderWhenClosed() throws Exception {
        Thread reader = Thread.ofVirtual().start(() -> assertThatThrownBy(body::read).isInstanceOf(IOException.class));

        body.close();
        reader.join(5_000);

        assertThat(reader.isAlive()).isFalse();
        assertThat(cancelled).isTrue();
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void isSilentOnlyWhileItsReaderWaitsForBytesTheProviderHasNotSent() throws Exception {
        assertThat(body.silentSinceNanos()).as("nobody reads yet").isZero();
        body.onNext(List.of(bytes("a")));
        assertThat(body.silentSinceNanos()).as("bytes arrived that the gateway has not taken").isZero();
        assertThat(body.read()).isEqualTo('a');
        assertThat(body.silentSinceNanos()).as("the reader is busy elsewhere").isZero();

        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return body.read();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> body.silentSinceNanos() != 0);
        body.onNext(List.of(bytes("b")));

        assertThat(body.silentSinceNanos()).as("the provider answered, whether or not the reader woke yet").isZero();
        assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo((int) 'b');
        assertThat(body.silentSinceNanos()).isZero();
    }
}
