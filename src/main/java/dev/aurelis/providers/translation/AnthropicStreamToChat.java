package dev.aurelis.providers.translation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.aurelis.providers.SseEvent;
import dev.aurelis.providers.StreamTranslator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic stream events rewritten as OpenAI {@code chat.completion.chunk}s. Text and tool-argument deltas
 * are forwarded the moment they arrive; only the usage chunk waits for {@code message_stop}, because the
 * output token count is final only then.
 */
final class AnthropicStreamToChat implements StreamTranslator {

    private static final SseEvent DONE = SseEvent.data("[DONE]");

    private final boolean includeUsage;
    private final long created = Instant.now().getEpochSecond();
    /** Anthropic content block index to OpenAI tool call index, for tool_use blocks only. */
    private final Map<Integer, Integer> toolCallIndexes = new HashMap<>();

    private String id;
    private String model = "";
    /** Anthropic usage fields as last reported; output_tokens is cumulative. */
    private final ObjectNode usage = Json.object();
    private boolean started;
    private boolean finishSent;
    private boolean done;

    AnthropicStreamToChat(ObjectNode clientRequest) {
        this.includeUsage = Json.isTrue(Json.objectAt(clientRequest, "stream_options"), "include_usage");
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstream) {
        List<SseEvent> out = new ArrayList<>();
        ObjectNode event = Json.parseObject(upstream.data());
        if (done || event == null) {
            return out;
        }
        String type = Json.text(event, "type", upstream.event() == null ? "" : upstream.event());
        switch (type) {
            case "message_start" -> {
                ObjectNode message = Json.objectAt(event, "message");
                id = Ids.convert(Json.text(message, "id"), "chatcmpl-");
                model = Json.text(message, "model", "");
                mergeUsage(Json.objectAt(message, "usage"));
                start(out);
            }
            case "content_block_start" -> {
                start(out);
                JsonNode block = event.get("content_block");
                if ("tool_use".equals(Json.text(block, "type"))) {
                    int toolIndex = toolCallIndexes.size();
                    toolCallIndexes.put((int) Json.number(event, "index"), toolIndex);
                    ObjectNode call = Json.object()
                            .put("index", toolIndex)
                            .put("id", Json.text(block, "id"))
                            .put("type", "function");
                    call.putObject("function").put("name", Json.text(block, "name")).put("arguments", "");
                    ObjectNode delta = Json.object();
                    delta.putArray("tool_calls").add(call);
                    out.add(chunk(delta, null));
                } else if ("text".equals(Json.text(block, "type")) && !Json.text(block, "text", "").isEmpty()) {
                    out.add(chunk(Json.object().put("content", Json.text(block, "text")), null));
                }
            }
            case "content_block_delta" -> {
                start(out);
                delta(event, out);
            }
            case "message_delta" -> {
                start(out);
                mergeUsage(Json.objectAt(event, "usage"));
                String stopReason = Json.text(event.get("delta"), "stop_reason");
                if (stopReason != null && !finishSent) {
                    finishSent = true;
                    out.add(chunk(Json.object(), AnthropicResponseToChat.finishReason(stopReason)));
                }
            }
            case "message_stop" -> out.addAll(finish());
            case "error" -> {
                // OpenAI reports a failure mid-stream as a data line holding an error object.
                out.add(SseEvent.data(Json.write(AnthropicResponseToChat.error(event))));
                done = true;
                out.add(DONE);
            }
            // ping, and event types added to the API later
            default -> {
            }
        }
        return out;
    }

    private void delta(ObjectNode event, List<SseEvent> out) {
        JsonNode delta = event.get("delta");
        switch (Json.text(delta, "type", "")) {
            case "text_delta" -> {
                String text = Json.text(delta, "text", "");
                if (!text.isEmpty()) {
                    out.add(chunk(Json.object().put("content", text), null));
                }
            }
            case "input_json_delta" -> {
                Integer toolIndex = toolCallIndexes.get((int) Json.number(event, "index"));
                String partial = Json.text(delta, "partial_json", "");
                if (toolIndex != null && !partial.isEmpty()) {
                    ObjectNode chunkDelta = Json.object();
                    ObjectNode call = chunkDelta.putArray("tool_calls").addObject().put("index", toolIndex);
                    call.putObject("function").put("arguments", partial);
                    out.add(chunk(chunkDelta, null));
                }
            }
            // thinking_delta and signature_delta: thinking is not part of a chat completion.
            default -> {
            }
        }
    }

    @Override
    public List<SseEvent> finish() {
        List<SseEvent> out = new ArrayList<>();
        if (done) {
            return out;
        }
        start(out);
        if (!finishSent) {
            // The upstream ended without a stop reason; close the choice so clients see a complete stream.
            finishSent = true;
            out.add(chunk(Json.object(), toolCallIndexes.isEmpty() ? "stop" : "tool_calls"));
        }
        if (includeUsage) {
            ObjectNode chunk = envelope();
            chunk.putArray("choices");
            chunk.set("usage", AnthropicResponseToChat.usage(usage));
            out.add(SseEvent.data(Json.write(chunk)));
        }
        out.add(DONE);
        done = true;
        return out;
    }

    /** The first chunk announces the assistant role, as OpenAI's does. */
    private void start(List<SseEvent> out) {
        if (started) {
            return;
        }
        started = true;
        if (id == null) {
            id = Ids.random("chatcmpl-");
        }
        out.add(chunk(Json.object().put("role", "assistant").put("content", ""), null));
    }

    /**
     * Anthropic reports input and cache counts in {@code message_start} (and, in newer API versions, again in
     * {@code message_delta}) and a cumulative output count in {@code message_delta}: the latest value wins.
     */
    private void mergeUsage(ObjectNode update) {
        if (update == null) {
            return;
        }
        for (String field : new String[] {
                "input_tokens", "cache_read_input_tokens", "cache_creation_input_tokens", "output_tokens"}) {
            if (Json.present(update, field)) {
                usage.put(field, Json.number(update, field));
            }
        }
    }

    private ObjectNode envelope() {
        return Json.object()
                .put("id", id)
                .put("object", "chat.completion.chunk")
                .put("created", created)
                .put("model", model);
    }

    private SseEvent chunk(ObjectNode delta, String finishReason) {
        ObjectNode chunk = envelope();
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        if (includeUsage) {
            // OpenAI sends an explicit null usage on every chunk but the last when usage was requested.
            chunk.putNull("usage");
        }
        return SseEvent.data(Json.write(chunk));
    }
}
