package dev.aurelis.testing;

import static dev.aurelis.testing.FakeUpstream.json;
import static dev.aurelis.testing.FakeUpstream.object;
import static dev.aurelis.testing.FakeUpstream.randomId;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** OpenAI's wire format: chat completions, legacy completions, embeddings, Responses, models and errors. */
final class OpenAiWire {

    private OpenAiWire() {
    }

    // ---------------------------------------------------------------- chat completions

    static void chatCompletions(Call call) {
        Script script = call.script();
        String id = "chatcmpl-" + randomId(29);
        long created = Instant.now().getEpochSecond();
        boolean tool = call.toolCall();
        if (!call.stream()) {
            ObjectNode completion = chatEnvelope(id, created, call.model(), "chat.completion");
            ObjectNode choice = completion.putArray("choices").addObject();
            choice.put("index", 0);
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            if (tool) {
                message.putNull("content");
            } else {
                message.put("content", script.reply());
            }
            message.putNull("refusal");
            message.putArray("annotations");
            if (tool) {
                ObjectNode toolCall = message.putArray("tool_calls").addObject();
                toolCall.put("id", "call_" + randomId(24));
                toolCall.put("type", "function");
                toolCall.putObject("function").put("name", script.toolName())
                        .put("arguments", script.toolArguments());
            }
            choice.putNull("logprobs");
            choice.put("finish_reason", tool ? "tool_calls" : "stop");
            completion.set("usage", chatUsage(script));
            call.json(200, completion);
            return;
        }
        boolean includeUsage = includeUsage(call.body());
        SseStream stream = call.openStream(n -> new SseStream.Frame(null, streamError(call)));
        ObjectNode delta = object();
        delta.put("role", "assistant");
        if (tool) {
            delta.putNull("content");
            ObjectNode toolCall = delta.putArray("tool_calls").addObject();
            toolCall.put("index", 0);
            toolCall.put("id", "call_" + randomId(24));
            toolCall.put("type", "function");
            toolCall.putObject("function").put("name", script.toolName()).put("arguments", "");
        } else {
            delta.put("content", "");
        }
        delta.putNull("refusal");
        stream.data(chunk(id, created, call.model(), delta, null, includeUsage));
        if (tool) {
            for (String piece : FakeUpstream.argumentDeltas(script.toolArguments())) {
                ObjectNode argumentDelta = object();
                ObjectNode toolCall = argumentDelta.putArray("tool_calls").addObject();
                toolCall.put("index", 0);
                toolCall.putObject("function").put("arguments", piece);
                stream.data(chunk(id, created, call.model(), argumentDelta, null, includeUsage));
            }
        } else {
            for (String piece : FakeUpstream.textDeltas(script.reply())) {
                stream.data(chunk(id, created, call.model(), object().put("content", piece), null, includeUsage));
            }
        }
        stream.data(chunk(id, created, call.model(), object(), tool ? "tool_calls" : "stop", includeUsage));
        if (includeUsage) {
            ObjectNode usageChunk = chatEnvelope(id, created, call.model(), "chat.completion.chunk");
            usageChunk.putArray("choices");
            usageChunk.set("usage", chatUsage(script));
            stream.data(json(usageChunk));
        }
        stream.data("[DONE]");
        stream.finish();
    }

    private static ObjectNode chatEnvelope(String id, long created, String model, String object) {
        ObjectNode envelope = object();
        envelope.put("id", id);
        envelope.put("object", object);
        envelope.put("created", created);
        envelope.put("model", model);
        envelope.put("service_tier", "default");
        envelope.put("system_fingerprint", "fp_fake");
        return envelope;
    }

    private static String chunk(String id, long created, String model, ObjectNode delta, String finishReason,
            boolean includeUsage) {
        ObjectNode chunk = chatEnvelope(id, created, model, "chat.completion.chunk");
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        if (includeUsage) {
            // with include_usage, every chunk but the last carries "usage": null
            chunk.putNull("usage");
        }
        return json(chunk);
    }

    private static ObjectNode chatUsage(Script script) {
        if (script.rawChatUsage() != null) {
            return (ObjectNode) FakeUpstream.JSON.readTree(script.rawChatUsage());
        }
        ObjectNode usage = completionUsage(script);
        usage.putObject("prompt_tokens_details").put("cached_tokens", script.cachedTokens()).put("audio_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", script.reasoningTokens())
                .put("audio_tokens", 0).put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
        return usage;
    }

    private static ObjectNode completionUsage(Script script) {
        return object().put("prompt_tokens", script.inputTokens())
                .put("completion_tokens", script.outputTokens())
                .put("total_tokens", script.inputTokens() + script.outputTokens());
    }

    private static boolean includeUsage(JsonNode request) {
        return request.path("stream_options").path("include_usage").asBoolean(false);
    }

    /** The in-stream error of chat and legacy completions streams: a {@code data:} frame holding an error. */
    private static String streamError(Call call) {
        Fault fault = call.fault();
        return json(error(500, fault.errorType() != null ? fault.errorType() : "server_error",
                fault.errorMessage() != null ? fault.errorMessage()
                        : "The server had an error while processing your request. Sorry about that!"));
    }

    // ---------------------------------------------------------------- legacy completions

    /**
     * Legacy completions. The text is the reply followed by {@code " [prompt: …]"} and {@code " [suffix: …]"} for
     * the prompt and suffix received, so a test can see that both arrived.
     */
    static void completions(Call call) {
        Script script = call.script();
        StringBuilder text = new StringBuilder(script.reply());
        JsonNode prompt = call.body().get("prompt");
        if (prompt != null && !prompt.isNull()) {
            text.append(" [prompt: ").append(prompt.isString() ? prompt.stringValue() : json(prompt)).append(']');
        }
        JsonNode suffix = call.body().get("suffix");
        if (suffix != null && !suffix.isNull()) {
            text.append(" [suffix: ").append(suffix.isString() ? suffix.stringValue() : json(suffix)).append(']');
        }
        String id = "cmpl-" + randomId(29);
        long created = Instant.now().getEpochSecond();
        if (!call.stream()) {
            ObjectNode completion = completionEnvelope(id, created, call.model());
            completion.putArray("choices").add(completionChoice(text.toString(), "stop"));
            completion.set("usage", completionUsage(script));
            call.json(200, completion);
            return;
        }
        boolean includeUsage = includeUsage(call.body());
        SseStream stream = call.openStream(n -> new SseStream.Frame(null, streamError(call)));
        for (String piece : FakeUpstream.textDeltas(text.toString())) {
            stream.data(completionChunk(id, created, call.model(), piece, null, includeUsage));
        }
        stream.data(completionChunk(id, created, call.model(), "", "stop", includeUsage));
        if (includeUsage) {
            ObjectNode usageChunk = completionEnvelope(id, created, call.model());
            usageChunk.putArray("choices");
            usageChunk.set("usage", completionUsage(script));
            stream.data(json(usageChunk));
        }
        stream.data("[DONE]");
        stream.finish();
    }

    private static ObjectNode completionEnvelope(String id, long created, String model) {
        ObjectNode envelope = object();
        envelope.put("id", id);
        envelope.put("object", "text_completion");
        envelope.put("created", created);
        envelope.put("model", model);
        envelope.put("system_fingerprint", "fp_fake");
        return envelope;
    }

    private static ObjectNode completionChoice(String text, String finishReason) {
        ObjectNode choice = object();
        choice.put("text", text);
        choice.put("index", 0);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return choice;
    }

    private static String completionChunk(String id, long created, String model, String text, String finishReason,
            boolean includeUsage) {
        ObjectNode chunk = completionEnvelope(id, created, model);
        chunk.putArray("choices").add(completionChoice(text, finishReason));
        if (includeUsage) {
            chunk.putNull("usage");
        }
        return json(chunk);
    }

    // ---------------------------------------------------------------- embeddings

    static void embeddings(Call call) {
        Script script = call.script();
        JsonNode input = call.body().get("input");
        if (input == null || input.isNull()) {
            FakeUpstream.error(call, 400, null, "'input' is a required property");
            return;
        }
        List<JsonNode> inputs = new ArrayList<>();
        if (input.isArray() && !input.isEmpty() && !input.get(0).isNumber()) {
            input.forEach(inputs::add); // strings, or token arrays
        } else {
            inputs.add(input); // one string, or one token array
        }
        int dimensions = call.body().path("dimensions").asInt(script.embeddingDimensions());
        boolean base64 = "base64".equals(call.body().path("encoding_format").asString("float"));
        ObjectNode list = object();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        for (int i = 0; i < inputs.size(); i++) {
            float[] vector = vector(inputs.get(i), dimensions);
            ObjectNode embedding = data.addObject();
            embedding.put("object", "embedding");
            embedding.put("index", i);
            if (base64) {
                ByteBuffer bytes = ByteBuffer.allocate(4 * vector.length).order(ByteOrder.LITTLE_ENDIAN);
                for (float value : vector) {
                    bytes.putFloat(value);
                }
                embedding.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
            } else {
                ArrayNode values = embedding.putArray("embedding");
                for (float value : vector) {
                    values.add(value);
                }
            }
        }
        list.put("model", call.model());
        list.putObject("usage").put("prompt_tokens", script.inputTokens()).put("total_tokens", script.inputTokens());
        call.json(200, list);
    }

    /** A unit vector that depends only on the input, so the same input always gets the same embedding. */
    static float[] vector(JsonNode input, int dimensions) {
        String text = input.isString() ? input.stringValue() : json(input);
        long seed = 0;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            seed = seed * 1_000_003 + b;
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] vector = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) random.nextDouble(-1, 1);
            norm += vector[i] * vector[i];
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (vector[i] / norm);
        }
        return vector;
    }

    // ---------------------------------------------------------------- Responses

    static void responses(Call call) {
        Script script = call.script();
        String id = "resp_" + randomId(40);
        long created = Instant.now().getEpochSecond();
        boolean tool = call.toolCall();
        String itemId = (tool ? "fc_" : "msg_") + randomId(40);
        String callId = "call_" + randomId(24);
        if (!call.stream()) {
            ObjectNode response = response(call, id, created, "completed");
            response.withArray("output").add(tool
                    ? functionCallItem(itemId, callId, script.toolName(), script.toolArguments(), "completed")
                    : messageItem(itemId, script.reply(), "completed"));
            response.set("usage", responseUsage(script));
            call.json(200, response);
            return;
        }
        int[] sequence = {0};
        SseStream stream = call.openStream(n -> new SseStream.Frame("error",
                json(responseStreamError(call, sequence[0]++))));
        java.util.function.BiConsumer<String, ObjectNode> send = (type, event) -> {
            ObjectNode framed = object().put("type", type);
            framed.setAll(event);
            framed.put("sequence_number", sequence[0]);
            stream.event(type, json(framed));
            sequence[0]++;
        };
        send.accept("response.created", object().set("response", response(call, id, created, "in_progress")));
        send.accept("response.in_progress",
                object().set("response", response(call, id, created, "in_progress")));
        ObjectNode doneItem;
        if (tool) {
            send.accept("response.output_item.added", object().put("output_index", 0)
                    .set("item", functionCallItem(itemId, callId, script.toolName(), "", "in_progress")));
            for (String piece : FakeUpstream.argumentDeltas(script.toolArguments())) {
                send.accept("response.function_call_arguments.delta",
                        object().put("item_id", itemId).put("output_index", 0).put("delta", piece));
            }
            send.accept("response.function_call_arguments.done", object().put("item_id", itemId)
                    .put("output_index", 0).put("name", script.toolName())
                    .put("arguments", script.toolArguments()));
            doneItem = functionCallItem(itemId, callId, script.toolName(), script.toolArguments(), "completed");
        } else {
            ObjectNode added = messageItem(itemId, null, "in_progress");
            send.accept("response.output_item.added", object().put("output_index", 0).set("item", added));
            send.accept("response.content_part.added", object().put("item_id", itemId).put("output_index", 0)
                    .put("content_index", 0).set("part", outputText("")));
            for (String piece : FakeUpstream.textDeltas(script.reply())) {
                ObjectNode delta = object().put("item_id", itemId).put("output_index", 0).put("content_index", 0)
                        .put("delta", piece);
                delta.putArray("logprobs");
                send.accept("response.output_text.delta", delta);
            }
            ObjectNode textDone = object().put("item_id", itemId).put("output_index", 0).put("content_index", 0)
                    .put("text", script.reply());
            textDone.putArray("logprobs");
            send.accept("response.output_text.done", textDone);
            send.accept("response.content_part.done", object().put("item_id", itemId).put("output_index", 0)
                    .put("content_index", 0).set("part", outputText(script.reply())));
            doneItem = messageItem(itemId, script.reply(), "completed");
        }
        send.accept("response.output_item.done", object().put("output_index", 0).set("item", doneItem));
        ObjectNode completed = response(call, id, created, "completed");
        completed.withArray("output").add(doneItem);
        completed.set("usage", responseUsage(script));
        send.accept("response.completed", object().set("response", completed));
        stream.finish();
    }

    private static ObjectNode response(Call call, String id, long created, String status) {
        JsonNode request = call.body();
        ObjectNode response = object();
        response.put("id", id);
        response.put("object", "response");
        response.put("created_at", created);
        response.put("status", status);
        response.put("background", false);
        response.putNull("error");
        response.putNull("incomplete_details");
        copyOrNull(request, response, "instructions");
        copyOrNull(request, response, "max_output_tokens");
        response.put("model", call.model());
        response.putArray("output");
        response.put("parallel_tool_calls", request.path("parallel_tool_calls").asBoolean(true));
        copyOrNull(request, response, "previous_response_id");
        response.putObject("reasoning").putNull("effort").putNull("summary");
        response.put("service_tier", "default");
        response.put("store", request.path("store").asBoolean(true));
        response.put("temperature", request.path("temperature").asDouble(1.0));
        response.putObject("text").putObject("format").put("type", "text");
        response.put("tool_choice", "auto");
        JsonNode tools = request.get("tools");
        response.set("tools", tools != null && tools.isArray() ? tools.deepCopy() : object().arrayNode());
        response.put("top_p", request.path("top_p").asDouble(1.0));
        response.put("truncation", "disabled");
        response.putNull("usage");
        response.putNull("user");
        JsonNode metadata = request.get("metadata");
        response.set("metadata", metadata != null && metadata.isObject() ? metadata.deepCopy() : object());
        return response;
    }

    private static void copyOrNull(JsonNode from, ObjectNode to, String field) {
        JsonNode value = from.get(field);
        if (value == null) {
            to.putNull(field);
        } else {
            to.set(field, value.deepCopy());
        }
    }

    private static ObjectNode messageItem(String id, String text, String status) {
        ObjectNode item = object();
        item.put("id", id);
        item.put("type", "message");
        item.put("status", status);
        ArrayNode content = item.putArray("content");
        if (text != null) {
            content.add(outputText(text));
        }
        item.put("role", "assistant");
        return item;
    }

    private static ObjectNode outputText(String text) {
        ObjectNode part = object();
        part.put("type", "output_text");
        part.putArray("annotations");
        part.putArray("logprobs");
        part.put("text", text);
        return part;
    }

    private static ObjectNode functionCallItem(String id, String callId, String name, String arguments,
            String status) {
        ObjectNode item = object();
        item.put("id", id);
        item.put("type", "function_call");
        item.put("status", status);
        item.put("arguments", arguments);
        item.put("call_id", callId);
        item.put("name", name);
        return item;
    }

    private static ObjectNode responseUsage(Script script) {
        ObjectNode usage = object();
        usage.put("input_tokens", script.inputTokens());
        usage.putObject("input_tokens_details").put("cached_tokens", script.cachedTokens())
                .put("cache_write_tokens", script.cacheCreationTokens());
        usage.put("output_tokens", script.outputTokens());
        usage.putObject("output_tokens_details").put("reasoning_tokens", script.reasoningTokens());
        usage.put("total_tokens", script.inputTokens() + script.outputTokens());
        return usage;
    }

    private static ObjectNode responseStreamError(Call call, int sequenceNumber) {
        Fault fault = call.fault();
        ObjectNode error = object();
        error.put("type", "error");
        error.put("code", fault.errorType() != null ? fault.errorType() : "server_error");
        error.put("message", fault.errorMessage() != null ? fault.errorMessage()
                : "The server had an error while processing your request. Sorry about that!");
        error.putNull("param");
        error.put("sequence_number", sequenceNumber);
        return error;
    }

    // ---------------------------------------------------------------- models

    static void models(Call call) {
        ObjectNode list = object();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        for (String id : call.script().models()) {
            data.add(model(id));
        }
        call.json(200, list);
    }

    static void model(Call call, String id) {
        if (call.script().models().contains(id)) {
            call.json(200, model(id));
        } else {
            call.json(404, error(404, "invalid_request_error",
                    "The model '" + id + "' does not exist or you do not have access to it.", "model_not_found"));
        }
    }

    private static ObjectNode model(String id) {
        return object().put("id", id).put("object", "model").put("created", 1_700_000_000L)
                .put("owned_by", "fake-upstream");
    }

    // ---------------------------------------------------------------- errors

    /** OpenAI's error body: {@code {"error": {"message", "type", "param", "code"}}}. */
    static ObjectNode error(int status, String type, String message) {
        String code = switch (status) {
            case 401 -> "invalid_api_key";
            case 404 -> null;
            case 429 -> "rate_limit_exceeded";
            default -> null;
        };
        return error(status, type, message, code);
    }

    private static ObjectNode error(int status, String type, String message, String code) {
        String defaultType = switch (status) {
            case 429 -> "requests";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
        String defaultMessage = switch (status) {
            case 401 -> "Incorrect API key provided.";
            case 404 -> "Not found.";
            case 429 -> "Rate limit reached for requests. Please try again later.";
            case 500 -> "The server had an error while processing your request. Sorry about that!";
            case 503 -> "The engine is currently overloaded, please try again later.";
            default -> "Request failed with status " + status + ".";
        };
        ObjectNode body = object();
        ObjectNode error = body.putObject("error");
        error.put("message", message != null ? message : defaultMessage);
        error.put("type", type != null ? type : defaultType);
        error.putNull("param");
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        return body;
    }
}
