package dev.aurelis.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.JsonNode;

/** One request being answered: the exchange, what was received, the configuration and the fault in force. */
record Call(HttpExchange exchange, RecordedRequest request, Script script, Fault fault, String requestId, StreamGate gate) {

    JsonNode body() {
        return request.body();
    }

    /** The model id to echo: the configured served model, else the requested one, else the default. */
    String model() {
        if (script.servedModel() != null) {
            return script.servedModel();
        }
        String requested = request.model();
        return requested != null ? requested : FakeUpstream.DEFAULT_MODEL;
    }

    boolean stream() {
        return request.streaming();
    }

    /** Whether to answer with the scripted tool call: one is scripted and the request offered tools. */
    boolean toolCall() {
        JsonNode tools = body().get("tools");
        return script.toolName() != null && tools != null && tools.isArray() && !tools.isEmpty();
    }

    SseStream openStream(IntFunction<SseStream.Frame> errorEvent) {
        return new SseStream(exchange, fault, script.streamEventDelay(), errorEvent, gate);
    }

    void json(int status, JsonNode body) {
        byte[] bytes = FakeUpstream.JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
