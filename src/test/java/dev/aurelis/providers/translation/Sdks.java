package dev.aurelis.providers.translation;

import java.util.List;

import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseStreamEvent;
import dev.aurelis.providers.SseEvent;
import tools.jackson.databind.JsonNode;

/**
 * Parsing translated output with the vendors' official Java SDKs, whose {@code validate()} checks every
 * required field and type: the proof that real clients accept what Aurelis sends them.
 */
final class Sdks {

    private static final com.fasterxml.jackson.databind.json.JsonMapper OPENAI = com.openai.core.ObjectMappers.jsonMapper();
    private static final com.fasterxml.jackson.databind.json.JsonMapper ANTHROPIC =
            com.anthropic.core.ObjectMappers.jsonMapper();

    private Sdks() {
    }

    static ChatCompletion chatCompletion(JsonNode json) {
        return read(OPENAI, json.toString(), ChatCompletion.class).validate();
    }

    static ChatCompletionCreateParams.Body chatRequest(JsonNode json) {
        return read(OPENAI, json.toString(), ChatCompletionCreateParams.Body.class).validate();
    }

    /** The chat completion the SDK assembles from a translated stream; every chunk must validate. */
    static ChatCompletion accumulateChat(List<SseEvent> events) {
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        for (SseEvent event : events) {
            if (!event.isDone()) {
                accumulator.accumulate(read(OPENAI, event.data(), ChatCompletionChunk.class).validate());
            }
        }
        return accumulator.chatCompletion();
    }

    static Message message(JsonNode json) {
        return read(ANTHROPIC, json.toString(), Message.class).validate();
    }

    static MessageCreateParams.Body messageRequest(JsonNode json) {
        return read(ANTHROPIC, json.toString(), MessageCreateParams.Body.class).validate();
    }

    static Message accumulateMessage(List<SseEvent> events) {
        MessageAccumulator accumulator = MessageAccumulator.create();
        for (SseEvent event : events) {
            // The SDK's transport consumes ping events itself; they never reach the event model.
            if (!"ping".equals(event.event())) {
                accumulator.accumulate(read(ANTHROPIC, event.data(), RawMessageStreamEvent.class).validate());
            }
        }
        return accumulator.message();
    }

    static Response response(JsonNode json) {
        return read(OPENAI, json.toString(), Response.class).validate();
    }

    /** The response the SDK rebuilds from the events alone, ignoring the final response object. */
    static Response reconstructResponse(List<SseEvent> events) {
        ResponseAccumulator accumulator = ResponseAccumulator.createWithSnapshots();
        for (SseEvent event : events) {
            accumulator.accumulate(read(OPENAI, event.data(), ResponseStreamEvent.class).validate());
        }
        return accumulator.reconstructedResponse();
    }

    private static <T> T read(com.fasterxml.jackson.databind.json.JsonMapper mapper, String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new AssertionError("The SDK cannot read " + json, e);
        }
    }
}
