package dev.aurelis;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The model provider of the AOT cache's training run ({@link AotTraining}): OpenAI chat completions and Anthropic
 * messages on loopback, streamed or not, with fixed answers and usage, so the gateway's whole exchange path (parse,
 * route, meter, relay, settle) runs without a network or an account. It answers at once: the training wants the
 * gateway's code to run often, not to wait.
 */
final class TrainingProvider implements AutoCloseable {

    private static final String TEXT = "Training answer: the gateway relays this text.";
    private static final String[] DELTAS = {"Training ", "answer: ", "the gateway ", "relays ", "this text."};

    private final HttpServer server;

    private TrainingProvider(HttpServer server) {
        this.server = server;
    }

    static TrainingProvider start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", exchange -> answer(exchange, true));
        server.createContext("/v1/messages", exchange -> answer(exchange, false));
        server.start();
        return new TrainingProvider(server);
    }

    /** The base URL of the OpenAI-compatible API; the Anthropic one is the same without {@code /v1}. */
    String openAiBaseUrl() {
        return origin() + "/v1";
    }

    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, boolean openAi) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String model = model(body);
            boolean stream = body.contains("\"stream\":true");
            if (!stream) {
                byte[] json = (openAi ? openAiCompletion(model) : anthropicMessage(model)).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("content-type", "application/json");
                exchange.sendResponseHeaders(200, json.length);
                exchange.getResponseBody().write(json);
                return;
            }
            exchange.getResponseHeaders().set("content-type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (String event : openAi ? openAiStream(model) : anthropicStream(model)) {
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    /** The request's model, found without a JSON parser of its own (the gateway writes {@code "model":"…"}). */
    static String model(String body) {
        int at = body.indexOf("\"model\":\"");
        if (at < 0) {
            return "training-model";
        }
        int start = at + "\"model\":\"".length();
        int end = body.indexOf('"', start);
        return end < 0 ? "training-model" : body.substring(start, end);
    }

    private static String openAiCompletion(String model) {
        return """
                {"id":"chatcmpl-training","object":"chat.completion","created":1767225600,"model":"%s",\
                "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],\
                "usage":{"prompt_tokens":120,"completion_tokens":12,"total_tokens":132}}""".formatted(model, TEXT);
    }

    private static String anthropicMessage(String model) {
        return """
                {"id":"msg_training","type":"message","role":"assistant","model":"%s",\
                "content":[{"type":"text","text":"%s"}],"stop_reason":"end_turn","stop_sequence":null,\
                "usage":{"input_tokens":120,"output_tokens":12}}""".formatted(model, TEXT);
    }

    private static List<String> openAiStream(String model) {
        String head = "{\"id\":\"chatcmpl-training\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,"
                + "\"model\":\"" + model + "\",";
        List<String> events = new ArrayList<>();
        events.add("data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                + "\"finish_reason\":null}]}\n\n");
        for (String delta : DELTAS) {
            events.add("data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + delta + "\"},"
                    + "\"finish_reason\":null}]}\n\n");
        }
        events.add("data: " + head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        events.add("data: " + head + "\"choices\":[],\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":12,"
                + "\"total_tokens\":132}}\n\n");
        events.add("data: [DONE]\n\n");
        return events;
    }

    private static List<String> anthropicStream(String model) {
        List<String> events = new ArrayList<>();
        events.add(event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_training\","
                + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + model + "\",\"content\":[],"
                + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":120,\"output_tokens\":1}}}"));
        events.add(event("content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
        for (String delta : DELTAS) {
            events.add(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + delta + "\"}}"));
        }
        events.add(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
        events.add(event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":12}}"));
        events.add(event("message_stop", "{\"type\":\"message_stop\"}"));
        return events;
    }

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }
}
