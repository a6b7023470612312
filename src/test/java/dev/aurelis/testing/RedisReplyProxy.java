package dev.aurelis.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * A loopback TCP proxy in front of the test Redis that reads the protocol, so it can withhold exactly one reply:
 * the reply to a chosen command is kept back until the client sends a {@code PING} after that command (the client
 * has given up waiting and asks whether Redis is there), then it and everything after it are passed on in order. No
 * timing is involved: what is withheld is decided by commands, not by the clock. It can also stop answering
 * altogether, like a Redis that is gone without closing its connections.
 */
public final class RedisReplyProxy implements AutoCloseable {

    /** One reply to withhold: the reply to the first command the predicate matches. */
    public static final class Hold {

        private final Predicate<List<String>> command;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final CountDownLatch withheld = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        private Hold(Predicate<List<String>> command) {
            this.command = command;
        }

        private boolean claim(List<String> parts) {
            return !claimed.get() && command.test(parts) && claimed.compareAndSet(false, true);
        }

        /** Whether the reply reached the proxy and was kept back. */
        public boolean withheld(Duration within) throws InterruptedException {
            return withheld.await(within.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Whether the client sent a PING after the command whose reply was kept back (and so got it). */
        public boolean pinged() {
            return released.getCount() == 0;
        }
    }

    private record Message(int type, byte[] bytes, List<String> parts) {
    }

    private final ServerSocket server;
    private final InetSocketAddress redis;
    private final URI redisUrl;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Hold> holds = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Hold armed;
    private volatile boolean silent;

    private RedisReplyProxy(URI redisUrl) throws IOException {
        this.redisUrl = redisUrl;
        this.redis = new InetSocketAddress(redisUrl.getHost(), redisUrl.getPort() > 0 ? redisUrl.getPort() : 6379);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("redis-proxy-accept").start(this::accept);
    }

    /** A proxy in front of the test Redis (the calling test is skipped without one, see {@link TestRedis}). */
    public static RedisReplyProxy toTestRedis() {
        URI url = URI.create(TestRedis.require());
        assumeTrue("redis".equalsIgnoreCase(url.getScheme()), "the proxy reads plain Redis traffic, not TLS");
        try {
            return new RedisReplyProxy(url);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test Redis's URL (credentials and database kept) with the proxy as its host and port. */
    public String url() {
        return "redis://" + (redisUrl.getRawUserInfo() == null ? "" : redisUrl.getRawUserInfo() + "@") + "127.0.0.1:"
                + server.getLocalPort() + (redisUrl.getRawPath() == null ? "" : redisUrl.getRawPath());
    }

    /** Withholds the reply to the next command that matches (see the class comment). */
    public Hold withholdReplyTo(Predicate<List<String>> command) {
        Hold hold = new Hold(command);
        holds.add(hold);
        armed = hold;
        return hold;
    }

    /** Matches a call of one of the gateway's Lua scripts ({@code /spend/<name>.lua}), by digest or by source. */
    public static Predicate<List<String>> script(String name) {
        String source;
        try (InputStream in = RedisReplyProxy.class.getResourceAsStream("/spend/" + name + ".lua")) {
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String sha = sha1(source);
        return parts -> parts.size() > 1 && ((command(parts).equals("EVALSHA") && parts.get(1).equalsIgnoreCase(sha))
                || (command(parts).equals("EVAL") && parts.get(1).equals(source)));
    }

    /** From now on no reply reaches a client: Redis is gone, but no connection is closed. */
    public void stopAnswering() {
        silent = true;
    }

    private static String command(List<String> parts) {
        return parts.isEmpty() ? "" : parts.get(0).toUpperCase(Locale.ROOT);
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                upstream.connect(redis, 5000);
                sockets.add(client);
                sockets.add(upstream);
                BlockingQueue<Hold> pending = new LinkedBlockingQueue<>();
                Thread.ofVirtual().start(() -> commands(client, upstream, pending));
                Thread.ofVirtual().start(() -> replies(upstream, client, pending));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Client to Redis: notes which reply each command will get, and whether it is the one to withhold. */
    private void commands(Socket client, Socket upstream, BlockingQueue<Hold> pending) {
        Hold awaitingPing = null;
        try (InputStream in = new BufferedInputStream(client.getInputStream())) {
            OutputStream out = upstream.getOutputStream();
            Message command;
            while ((command = read(in)) != null) {
                Hold hold = armed;
                Hold target = hold != null && hold.claim(command.parts()) ? hold : null;
                if (target != null) {
                    awaitingPing = target;
                } else if (awaitingPing != null && command(command.parts()).equals("PING")) {
                    awaitingPing.released.countDown();
                    awaitingPing = null;
                }
                pending.add(target == null ? NO_HOLD : target);
                out.write(command.bytes());
                out.flush();
            }
        } catch (IOException e) {
            // a side closed: so does the link
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private static final Hold NO_HOLD = new Hold(parts -> false);

    /** Redis to client: passes replies on in order, keeping back the withheld one until its PING. */
    private void replies(Socket upstream, Socket client, BlockingQueue<Hold> pending) {
        try (InputStream in = new BufferedInputStream(upstream.getInputStream())) {
            OutputStream out = client.getOutputStream();
            Message reply;
            while ((reply = read(in)) != null) {
                if (reply.type() != '>') { // a push is no reply to a command
                    Hold hold = pending.take();
                    if (hold != NO_HOLD) {
                        hold.withheld.countDown();
                        hold.released.await();
                    }
                }
                if (silent) {
                    closed.await();
                }
                out.write(reply.bytes());
                out.flush();
            }
        } catch (IOException e) {
            // a side closed: so does the link
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    // ---------------------------------------------------------------- the protocol (RESP2 and RESP3)

    /** One whole message; null at the end of the stream. */
    private static Message read(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        List<String> parts = new ArrayList<>();
        value(type, in, raw, parts);
        return new Message(type, raw.toByteArray(), parts);
    }

    /** Reads a value whose type byte was read; a top-level array's bulk strings go to {@code parts}. */
    private static void value(int type, InputStream in, ByteArrayOutputStream raw, List<String> parts) throws IOException {
        raw.write(type);
        String line = line(in, raw);
        switch (type) {
            case '$', '!', '=' -> {
                int length = Integer.parseInt(line);
                if (length >= 0) {
                    byte[] data = in.readNBytes(length + 2);
                    if (data.length < length + 2) {
                        throw new EOFException();
                    }
                    raw.write(data);
                    if (parts != null) {
                        parts.add(new String(data, 0, length, StandardCharsets.UTF_8));
                    }
                }
            }
            case '*', '~', '>' -> elements(Integer.parseInt(line), in, raw, parts);
            case '%' -> elements(2 * Integer.parseInt(line), in, raw, null);
            case '|' -> {
                elements(2 * Integer.parseInt(line), in, raw, null);
                value(next(in), in, raw, parts); // attributes precede the value they describe
            }
            default -> {
                // a one-line value: + - : _ , # (
            }
        }
    }

    private static void elements(int count, InputStream in, ByteArrayOutputStream raw, List<String> parts)
            throws IOException {
        for (int i = 0; i < count; i++) {
            value(next(in), in, raw, parts);
        }
    }

    private static int next(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException();
        }
        return type;
    }

    private static String line(InputStream in, ByteArrayOutputStream raw) throws IOException {
        StringBuilder text = new StringBuilder();
        int previous = -1;
        while (true) {
            int b = next(in);
            raw.write(b);
            if (previous == '\r' && b == '\n') {
                return text.substring(0, text.length() - 1);
            }
            text.append((char) b);
            previous = b;
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed.countDown();
        holds.forEach(h -> h.released.countDown());
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        sockets.forEach(RedisReplyProxy::closeQuietly);
    }
}
