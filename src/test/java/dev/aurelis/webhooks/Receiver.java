package dev.aurelis.webhooks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on a local port: records every request and answers 204, or the statuses a test queues (an
 * outage). {@link #verifies} checks a message as the Standard Webhooks specification tells a receiver to, written
 * here from the specification rather than with Aurelis's own signing code.
 */
final class Receiver implements AutoCloseable {

    record Message(String id, String timestamp, String signature, String contentType, String body) {
    }

    private final HttpServer server;
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final Deque<Integer> outage = new ArrayDeque<>();

    Receiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var h = exchange.getRequestHeaders();
            messages.add(new Message(h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"),
                    h.getFirst("webhook-signature"), h.getFirst("content-type"), body));
            int status;
            synchronized (outage) {
                status = outage.isEmpty() ? 204 : outage.pop();
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** The next {@code count} requests are answered with {@code status}. */
    void failNext(int count, int status) {
        synchronized (outage) {
            for (int i = 0; i < count; i++) {
                outage.add(status);
            }
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    List<Message> messages() {
        return List.copyOf(messages);
    }

    /** Whether one of the message's signatures is HMAC-SHA256 of "id.timestamp.body" under the whsec_ secret. */
    static boolean verifies(Message message, String secret) throws GeneralSecurityException {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] expected = mac.doFinal((message.id() + "." + message.timestamp() + "." + message.body())
                .getBytes(StandardCharsets.UTF_8));
        for (String candidate : message.signature().split(" ")) {
            String[] parts = candidate.split(",", 2);
            if (parts.length == 2 && parts[0].equals("v1")
                    && MessageDigest.isEqual(Base64.getDecoder().decode(parts[1]), expected)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
