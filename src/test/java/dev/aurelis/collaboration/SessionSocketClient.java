package dev.aurelis.collaboration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A participant's socket as a client library would hold it (the JDK's WebSocket): every frame it received, parsed. */
final class SessionSocketClient implements WebSocket.Listener {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static SessionSocketClient connect(HttpClient http, String url, String key) throws Exception {
        SessionSocketClient client = new SessionSocketClient();
        client.socket = http.newWebSocketBuilder().header("authorization", "Bearer " + key)
                .buildAsync(URI.create(url), client).get(10, TimeUnit.SECONDS);
        return client;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            received.add(JSON.readTree(partial.toString()));
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    /** The session events received (not presence notices), in the order they came. */
    List<JsonNode> events() {
        return received.stream().filter(n -> n.has("sequence")).toList();
    }

    List<JsonNode> changes() {
        return received.stream().filter(n -> n.path("type").asString().equals("change")).toList();
    }

    List<JsonNode> presence() {
        return received.stream().filter(n -> n.path("type").asString().equals("presence")).toList();
    }

    void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
}
