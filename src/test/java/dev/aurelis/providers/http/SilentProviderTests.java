package dev.aurelis.providers.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A provider that never answers is given up at its deadline by the sweep (ADR 0095), whether the call waits for the
 * answer's headers or is still writing a request the provider never reads; on a real socket, with a clock the test
 * moves.
 */
class SilentProviderTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final AtomicLong now = new AtomicLong(1_000);
    private final AnswerDeadlines deadlines = new AnswerDeadlines(now::get);
    private ServerSocket provider;
    private ProviderConnections connections;

    @BeforeEach
    void start() throws Exception {
        provider = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        connections = new ProviderConnections(TrustedAuthorities.context(null), Duration.ofSeconds(10), deadlines);
    }

    @AfterEach
    void stop() throws Exception {
        connections.close();
        provider.close();
    }

    @Test
    void aProviderThatReadsTheRequestAndNeverAnswersIsGivenUpAtTheDeadline() throws Exception {
        String last = "\"the request's last bytes\"}";
        byte[] body = ("{\"model\":\"m\",\"note\":" + last).getBytes(StandardCharsets.UTF_8);
        CompletableFuture<Void> readWhole = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> readForever(last, readWhole));
        CompletableFuture<Throwable> outcome = call(body, new Thread[1]);

        readWhole.get(30, TimeUnit.SECONDS); // the request is written whole: the call now waits for the headers
        assertThat(outcome).isNotDone();
        expireAndSweep();

        assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(SocketTimeoutException.class);
        assertThat(deadlines.size()).isZero();
    }

    @Test
    void aProviderThatNeverReadsTheRequestIsGivenUpAtTheDeadline() throws Exception {
        byte[] body = new byte[32 * 1024 * 1024]; // more than the loopback's buffers hold: the write blocks
        CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(this::acceptOne);
        Thread[] caller = new Thread[1];
        CompletableFuture<Throwable> outcome = call(body, caller);

        try (Socket unread = accepted.get(30, TimeUnit.SECONDS)) {
            while (caller[0].getState() != Thread.State.WAITING) {
                Thread.onSpinWait(); // parked writing into full buffers
            }
            expireAndSweep();

            assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(SocketTimeoutException.class);
        }
    }

    private CompletableFuture<Throwable> call(byte[] body, Thread[] caller) {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        URI uri = URI.create("http://127.0.0.1:" + provider.getLocalPort() + "/v1/chat/completions");
        caller[0] = Thread.ofVirtual().start(() -> {
            try {
                connections.post(uri, Map.of(), body, TIMEOUT).body().close();
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        while (deadlines.size() == 0) {
            Thread.onSpinWait(); // the call has started its clock
        }
        return outcome;
    }

    private void expireAndSweep() {
        now.addAndGet(TIMEOUT.toNanos());
        deadlines.sweep();
    }

    private Socket acceptOne() {
        try {
            return provider.accept();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads whatever comes and never answers; {@code readWhole} completes once the text ending the request came. */
    private void readForever(String last, CompletableFuture<Void> readWhole) {
        try (Socket socket = provider.accept(); InputStream in = socket.getInputStream()) {
            StringBuilder seen = new StringBuilder();
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                if (seen.toString().endsWith(last)) {
                    readWhole.complete(null);
                }
            }
        } catch (Exception e) {
            // closed by the client's abort, or by the test's end
        }
    }

}
