package dev.aurelis.providers.translation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.aurelis.providers.SseEvent;
import dev.aurelis.providers.StreamTranslator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI {@code chat.completion.chunk}s rewritten as Anthropic stream events. Each text or tool-argument
 * delta is forwarded at once inside a content block; a new block starts whenever the delta switches between
 * text and a tool call. {@code message_delta} waits for the usage chunk that follows {@code finish_reason}.
 */
final class ChatStreamToAnthropic implements StreamTranslator {

    private final Map<Integer, Integer> blockOfToolCall = new HashMap<>();
    private final ObjectNode usage = Json.object();

    private String id;
    private String model = "";
    private boolean started;
    private int nextBlock;
    /** Index of the open content block, or -1. */
    private int openBlock = -1;
    private boolean openBlockIsText;
    private String finishReason;
    private boolean refused;
    private boolean done;

    @Override
    public List<SseEvent> onEvent(SseEvent upstream) {
        List<SseEvent> out = new ArrayList<>();
        if (done) {
            return out;
        }
        if (upstream.isDone()) {
            out.addAll(finish());
            return out;
        }
        ObjectNode chunk = Json.parseObject(upstream.data());
        if (chunk == null) {
            return out;
        }
        if (chunk.has("error")) {
            out.add(event("error", ChatResponseToAnthropic.error(chunk.get("error"))));
            done = true;
            return out;
        }
        if (id == null) {
            id = Ids.convert(Json.text(chunk, "id"), "msg_");
            model = Json.text(chunk, "model", "");
        }
        start(out);
        for (JsonNode choice : Json.elements(chunk, "choices")) {
            if (Json.number(choice, "index") != 0) {
                continue;
            }
            JsonNode delta = choice.get("delta");
            // reasoning_content is dropped, as in complete responses (see ChatResponseToAnthropic).
            text(Json.text(delta, "content", ""), out);
            String refusal = Json.text(delta, "refusal", "");
            refused |= !refusal.isEmpty();
            text(refusal, out);
            List<JsonNode> calls = Json.elements(delta, "tool_calls");
            for (int position = 0; position < calls.size(); position++) {
                toolCall(calls.get(position), position, out);
            }
            if (Json.text(choice, "finish_reason") != null) {
                finishReason = Json.text(choice, "finish_reason");
                closeBlock(out);
            }
        }
        if (Json.objectAt(chunk, "usage") != null) {
            usage.setAll(ChatResponseToAnthropic.usage(chunk.get("usage")));
            if (finishReason != null) {
                // The usage chunk is the last one OpenAI sends before [DONE]: nothing more can change.
                out.addAll(finish());
            }
        }
        return out;
    }

    private void start(List<SseEvent> out) {
        if (started) {
            return;
        }
        started = true;
        if (id == null) {
            id = Ids.random("msg_");
        }
        ObjectNode message = Json.object()
                .put("id", id)
                .put("type", "message")
                .put("role", "assistant")
                .put("model", model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        // OpenAI reports input tokens only at the end; message_delta carries the real count.
        message.putObject("usage").put("input_tokens", 0).put("output_tokens", 0);
        ObjectNode event = Json.object().put("type", "message_start");
        event.set("message", message);
        out.add(event("message_start", event));
        out.add(event("ping", Json.object().put("type", "ping")));
    }

    private void text(String text, List<SseEvent> out) {
        if (text.isEmpty()) {
            return;
        }
        if (openBlock < 0 || !openBlockIsText) {
            closeBlock(out);
            ObjectNode block = Json.object().put("type", "text").put("text", "");
            openBlock(block, true, out);
        }
        ObjectNode event = Json.object().put("type", "content_block_delta").put("index", openBlock);
        event.putObject("delta").put("type", "text_delta").put("text", text);
        out.add(event("content_block_delta", event));
    }

    private void toolCall(JsonNode call, int position, List<SseEvent> out) {
        // A few OpenAI-compatible servers leave out the index; the position in the array stands in.
        int index = call.has("index") ? (int) Json.number(call, "index") : position;
        JsonNode function = call.get("function");
        Integer block = blockOfToolCall.get(index);
        if (block == null) {
            closeBlock(out);
            ObjectNode toolUse = Json.object()
                    .put("type", "tool_use")
                    .put("id", Json.text(call, "id", Ids.random("toolu_")))
                    .put("name", Json.text(function, "name", ""));
            toolUse.putObject("input");
            block = openBlock(toolUse, false, out);
            blockOfToolCall.put(index, block);
        }
        String arguments = Json.text(function, "arguments", "");
        if (!arguments.isEmpty()) {
            // Tool calls arrive one after another in practice; a late fragment for an earlier call still
            // names that call's block.
            ObjectNode event = Json.object().put("type", "content_block_delta").put("index", block);
            event.putObject("delta").put("type", "input_json_delta").put("partial_json", arguments);
            out.add(event("content_block_delta", event));
        }
    }

    private int openBlock(ObjectNode block, boolean text, List<SseEvent> out) {
        openBlock = nextBlock++;
        openBlockIsText = text;
        ObjectNode event = Json.object().put("type", "content_block_start").put("index", openBlock);
        event.set("content_block", block);
        out.add(event("content_block_start", event));
        return openBlock;
    }

    private void closeBlock(List<SseEvent> out) {
        if (openBlock >= 0) {
            out.add(event("content_block_stop", Json.object().put("type", "content_block_stop").put("index", openBlock)));
            openBlock = -1;
        }
    }

    @Override
    public List<SseEvent> finish() {
        List<SseEvent> out = new ArrayList<>();
        if (done) {
            return out;
        }
        done = true;
        start(out);
        closeBlock(out);
        ObjectNode delta = Json.object().put("type", "message_delta");
        delta.putObject("delta")
                .put("stop_reason", ChatResponseToAnthropic.stopReason(finishReason, !blockOfToolCall.isEmpty(), refused))
                .putNull("stop_sequence");
        delta.set("usage", usage.isEmpty() ? Json.object().put("output_tokens", 0) : usage);
        out.add(event("message_delta", delta));
        out.add(event("message_stop", Json.object().put("type", "message_stop")));
        return out;
    }

    private static SseEvent event(String name, ObjectNode data) {
        return SseEvent.named(name, Json.write(data));
    }
}
