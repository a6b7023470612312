package dev.aurelis.providers.translation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.aurelis.providers.SseEvent;
import dev.aurelis.providers.StreamTranslator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI {@code chat.completion.chunk}s rewritten as the Responses API's semantic events. Deltas are sent as
 * they arrive; the text and arguments are also accumulated because the {@code .done} events and the final
 * {@code response.completed} repeat them in full. Every event carries a {@code sequence_number} from 0.
 */
final class ChatStreamToResponses implements StreamTranslator {

    /** One output item being streamed: a message with one output_text part, or a function call. */
    private static final class Item {
        final String id;
        final int outputIndex;
        final boolean message;
        final StringBuilder text = new StringBuilder();
        String callId;
        String name;
        boolean closed;

        Item(String id, int outputIndex, boolean message) {
            this.id = id;
            this.outputIndex = outputIndex;
            this.message = message;
        }
    }

    /** The client's request, until the envelope has echoed what it needs: an open stream need not hold it. */
    private ObjectNode request;
    private final List<ObjectNode> output = new ArrayList<>();
    /** Chat tool call index to its function_call item. */
    private final Map<Integer, Item> calls = new LinkedHashMap<>();

    private ObjectNode response;
    private int sequence;
    private Item message;
    private String finishReason;
    private ObjectNode usage;
    private boolean done;

    ChatStreamToResponses(ObjectNode clientRequest) {
        this.request = clientRequest;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstream) {
        List<SseEvent> out = new ArrayList<>();
        if (done) {
            return out;
        }
        if (upstream.isDone()) {
            return finish();
        }
        ObjectNode chunk = Json.parseObject(upstream.data());
        if (chunk == null) {
            return out;
        }
        start(chunk, out);
        if (chunk.has("error")) {
            fail(chunk.get("error"), out);
            return out;
        }
        for (JsonNode choice : Json.elements(chunk, "choices")) {
            if (Json.number(choice, "index") != 0) {
                continue;
            }
            JsonNode delta = choice.get("delta");
            // reasoning_content is not forwarded, as with every translation to and from chat.
            text(Json.text(delta, "content", ""), out);
            text(Json.text(delta, "refusal", ""), out);
            List<JsonNode> toolCalls = Json.elements(delta, "tool_calls");
            for (int position = 0; position < toolCalls.size(); position++) {
                toolCall(toolCalls.get(position), position, out);
            }
            if (Json.text(choice, "finish_reason") != null) {
                finishReason = Json.text(choice, "finish_reason");
                closeAll(out);
            }
        }
        if (Json.objectAt(chunk, "usage") != null) {
            usage = ChatResponseToResponses.usage(chunk.get("usage"));
            if (finishReason != null) {
                // The usage chunk is the last before [DONE]: the response is complete.
                out.addAll(finish());
            }
        }
        return out;
    }

    @Override
    public List<SseEvent> finish() {
        List<SseEvent> out = new ArrayList<>();
        if (done) {
            return out;
        }
        start(null, out);
        closeAll(out);
        ObjectNode completed = responseSnapshot();
        ChatResponseToResponses.finish(completed, finishReason,
                usage != null ? usage : ChatResponseToResponses.usage(Json.object()));
        String type = "incomplete".equals(Json.text(completed, "status")) ? "response.incomplete" : "response.completed";
        ObjectNode event = Json.object().put("type", type);
        event.set("response", completed);
        out.add(emit(event));
        done = true;
        return out;
    }

    /** response.created and response.in_progress, once, as soon as the first chunk names the model. */
    private void start(ObjectNode chunk, List<SseEvent> out) {
        if (response != null) {
            return;
        }
        String model = Json.text(chunk, "model", Json.text(request, "model", ""));
        long created = chunk != null && chunk.has("created") ? Json.number(chunk, "created") : Instant.now().getEpochSecond();
        response = ChatResponseToResponses.envelope(
                Ids.convert(Json.text(chunk, "id"), "resp_"), created, model, request);
        request = null;
        for (String type : new String[] {"response.created", "response.in_progress"}) {
            ObjectNode event = Json.object().put("type", type);
            event.set("response", responseSnapshot());
            out.add(emit(event));
        }
    }

    private void fail(JsonNode error, List<SseEvent> out) {
        closeAll(out);
        ObjectNode failed = responseSnapshot().put("status", "failed");
        failed.putObject("error")
                .put("code", Json.text(error, "code", "server_error"))
                .put("message", Json.text(error, "message", "Upstream error"));
        ObjectNode event = Json.object().put("type", "response.failed");
        event.set("response", failed);
        out.add(emit(event));
        done = true;
    }

    private void text(String delta, List<SseEvent> out) {
        if (delta.isEmpty()) {
            return;
        }
        if (message == null) {
            // Text after function calls starts a new message item; the calls before it are complete.
            closeAll(out);
            message = open(Ids.random("msg_"), true);
            ObjectNode added = Json.object().put("type", "response.output_item.added").put("output_index", message.outputIndex);
            added.set("item", ChatResponseToResponses.messageItem(message.id, "in_progress"));
            out.add(emit(added));
            ObjectNode part = Json.object().put("type", "response.content_part.added");
            part.put("item_id", message.id).put("output_index", message.outputIndex).put("content_index", 0);
            part.set("part", ChatResponseToResponses.outputText(""));
            out.add(emit(part));
        }
        message.text.append(delta);
        ObjectNode event = Json.object().put("type", "response.output_text.delta")
                .put("item_id", message.id)
                .put("output_index", message.outputIndex)
                .put("content_index", 0)
                .put("delta", delta);
        event.putArray("logprobs");
        out.add(emit(event));
    }

    private void toolCall(JsonNode call, int position, List<SseEvent> out) {
        int index = call.has("index") ? (int) Json.number(call, "index") : position;
        JsonNode function = call.get("function");
        Item item = calls.get(index);
        if (item == null) {
            closeMessage(out);
            item = open(Ids.random("fc_"), false);
            item.callId = Json.text(call, "id", Ids.random("call_"));
            item.name = Json.text(function, "name", "");
            calls.put(index, item);
            ObjectNode added = Json.object().put("type", "response.output_item.added").put("output_index", item.outputIndex);
            added.set("item", ChatResponseToResponses.functionCallItem(item.id, item.callId, item.name, "", "in_progress"));
            out.add(emit(added));
        }
        String arguments = Json.text(function, "arguments", "");
        if (!arguments.isEmpty() && !item.closed) {
            item.text.append(arguments);
            out.add(emit(Json.object().put("type", "response.function_call_arguments.delta")
                    .put("item_id", item.id)
                    .put("output_index", item.outputIndex)
                    .put("delta", arguments)));
        }
    }

    private Item open(String id, boolean isMessage) {
        Item item = new Item(id, output.size(), isMessage);
        output.add(null);
        return item;
    }

    private void closeAll(List<SseEvent> out) {
        closeMessage(out);
        for (Item call : calls.values()) {
            if (call.closed) {
                continue;
            }
            call.closed = true;
            String arguments = call.text.toString();
            out.add(emit(Json.object().put("type", "response.function_call_arguments.done")
                    .put("item_id", call.id)
                    .put("output_index", call.outputIndex)
                    .put("name", call.name)
                    .put("arguments", arguments)));
            ObjectNode item = ChatResponseToResponses.functionCallItem(call.id, call.callId, call.name, arguments, "completed");
            output.set(call.outputIndex, item);
            out.add(itemDone(call, item));
        }
    }

    private void closeMessage(List<SseEvent> out) {
        if (message == null) {
            return;
        }
        String text = message.text.toString();
        ObjectNode textDone = Json.object().put("type", "response.output_text.done")
                .put("item_id", message.id)
                .put("output_index", message.outputIndex)
                .put("content_index", 0)
                .put("text", text);
        textDone.putArray("logprobs");
        out.add(emit(textDone));
        ObjectNode partDone = Json.object().put("type", "response.content_part.done")
                .put("item_id", message.id)
                .put("output_index", message.outputIndex)
                .put("content_index", 0);
        partDone.set("part", ChatResponseToResponses.outputText(text));
        out.add(emit(partDone));
        ObjectNode item = ChatResponseToResponses.messageItem(message.id, "completed", ChatResponseToResponses.outputText(text));
        output.set(message.outputIndex, item);
        out.add(itemDone(message, item));
        message = null;
    }

    private SseEvent itemDone(Item item, ObjectNode complete) {
        ObjectNode event = Json.object().put("type", "response.output_item.done").put("output_index", item.outputIndex);
        event.set("item", complete.deepCopy());
        return emit(event);
    }

    /** The response as it stands: completed output items only (all of them once every item is closed). */
    private ObjectNode responseSnapshot() {
        ObjectNode snapshot = response.deepCopy();
        ArrayNode items = snapshot.putArray("output");
        output.stream().filter(item -> item != null).forEach(item -> items.add(item.deepCopy()));
        return snapshot;
    }

    private SseEvent emit(ObjectNode event) {
        // sequence_number goes second, after type, as OpenAI orders it; the order is cosmetic.
        ObjectNode numbered = Json.object().put("type", Json.text(event, "type")).put("sequence_number", sequence++);
        event.properties().forEach(entry -> {
            if (!"type".equals(entry.getKey())) {
                numbered.set(entry.getKey(), entry.getValue());
            }
        });
        return SseEvent.named(Json.text(event, "type"), Json.write(numbered));
    }
}
