package dev.aurelis.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The Redis server tests that need one use: {@code AURELIS_TEST_REDIS_URL}, or 127.0.0.1:6379. Without a reachable
 * Redis such tests are skipped with a message, unless {@code CI} is set: CI has Redis, so there they fail instead.
 */
public final class TestRedis {

    private TestRedis() {
    }

    public static String url() {
        String url = System.getenv("AURELIS_TEST_REDIS_URL");
        return url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url.strip();
    }

    /** Skips (or, on CI, fails) the calling test when Redis does not answer PING. */
    public static String require() {
        String url = url();
        if (!answersPing(url)) {
            if (System.getenv("CI") != null && !System.getenv("CI").isBlank()) {
                fail("CI is set but Redis at " + url + " does not answer; CI must run the Redis tests");
            }
            assumeTrue(false, "No Redis answers at " + url + " (set AURELIS_TEST_REDIS_URL, or start redis-server): "
                    + "skipping the tests that share counters through Redis");
        }
        return url;
    }

    private static boolean answersPing(String url) {
        URI uri = URI.create(url);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379), 1000);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64];
            int n = in.read(buffer);
            // An unauthenticated server with a password answers -NOAUTH; it is there all the same.
            return n > 0 && (buffer[0] == '+' || buffer[0] == '-');
        } catch (IOException e) {
            return false;
        }
    }
}
