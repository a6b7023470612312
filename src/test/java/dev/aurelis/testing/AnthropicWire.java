package dev.aurelis.testing;

import static dev.aurelis.testing.FakeUpstream.json;
import static dev.aurelis.testing.FakeUpstream.object;
import static dev.aurelis.testing.FakeUpstream.randomId;

import tools.jackson.databind.node.ObjectNode;

/** Anthropic's wire format: Messages (streamed and not), token counting and errors. */
final class AnthropicWire {

    private AnthropicWire() {
    }

    static void messages(Call call) {
        Script script = call.script();
        String id = "msg_" + randomId(24);
        boolean tool = call.toolCall();
        String toolId = "toolu_" + randomId(24);
        String stopReason = tool ? "tool_use" : "end_turn";
        if (!call.stream()) {
            ObjectNode message = message(id, call.model());
            if (tool) {
                message.withArray("content").addObject().put("type", "tool_use").put("id", toolId)
                        .put("name", script.toolName()).set("input", FakeUpstream.JSON.readTree(script.toolArguments()));
            } else {
                message.withArray("content").addObject().put("type", "text").put("text", script.reply());
            }
            message.put("stop_reason", stopReason);
            message.set("usage", usage(script, script.outputTokens()));
            call.json(200, message);
            return;
        }
        SseStream stream = call.openStream(n -> new SseStream.Frame("error", json(streamError(call))));
        ObjectNode start = message(id, call.model());
        start.putNull("stop_reason");
        // like the real API, message_start reports the input side and a first output token; the final output
        // count comes in message_delta
        start.set("usage", usage(script, Math.min(1, script.outputTokens())));
        send(stream, "message_start", object().set("message", start));
        ObjectNode block = object();
        if (tool) {
            block.put("type", "tool_use").put("id", toolId).put("name", script.toolName()).putObject("input");
        } else {
            block.put("type", "text").put("text", "");
        }
        send(stream, "content_block_start", object().put("index", 0).set("content_block", block));
        send(stream, "ping", object());
        if (tool) {
            for (String piece : FakeUpstream.argumentDeltas(script.toolArguments())) {
                send(stream, "content_block_delta", object().put("index", 0).set("delta",
                        object().put("type", "input_json_delta").put("partial_json", piece)));
            }
        } else {
            for (String piece : FakeUpstream.textDeltas(script.reply())) {
                send(stream, "content_block_delta", object().put("index", 0).set("delta",
                        object().put("type", "text_delta").put("text", piece)));
            }
        }
        send(stream, "content_block_stop", object().put("index", 0));
        ObjectNode delta = object();
        delta.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        delta.putObject("usage")
                .put("input_tokens", script.inputTokens())
                .put("cache_creation_input_tokens", script.cacheCreationTokens())
                .put("cache_read_input_tokens", script.cachedTokens())
                .put("output_tokens", script.outputTokens());
        send(stream, "message_delta", delta);
        send(stream, "message_stop", object());
        stream.finish();
    }

    static void countTokens(Call call) {
        call.json(200, object().put("input_tokens", call.script().inputTokens()));
    }

    private static void send(SseStream stream, String type, ObjectNode event) {
        ObjectNode framed = object().put("type", type);
        framed.setAll(event);
        stream.event(type, json(framed));
    }

    private static ObjectNode message(String id, String model) {
        ObjectNode message = object();
        message.put("id", id);
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        return message;
    }

    private static ObjectNode usage(Script script, int outputTokens) {
        ObjectNode usage = object();
        usage.put("input_tokens", script.inputTokens());
        usage.put("cache_creation_input_tokens", script.cacheCreationTokens());
        usage.put("cache_read_input_tokens", script.cachedTokens());
        usage.putObject("cache_creation")
                .put("ephemeral_5m_input_tokens", script.cacheCreationTokens())
                .put("ephemeral_1h_input_tokens", 0);
        usage.put("output_tokens", outputTokens);
        usage.put("service_tier", "standard");
        return usage;
    }

    private static ObjectNode streamError(Call call) {
        Fault fault = call.fault();
        ObjectNode event = object();
        event.put("type", "error");
        event.putObject("error")
                .put("type", fault.errorType() != null ? fault.errorType() : "overloaded_error")
                .put("message", fault.errorMessage() != null ? fault.errorMessage() : "Overloaded");
        return event;
    }

    /** Anthropic's error body: {@code {"type": "error", "error": {"type", "message"}, "request_id"}}. */
    static ObjectNode error(int status, String type, String message, String requestId) {
        String defaultType = switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
        String defaultMessage = switch (status) {
            case 401 -> "invalid x-api-key";
            case 404 -> "Not found";
            case 429 -> "Number of requests has exceeded your rate limit. Please try again later.";
            case 529 -> "Overloaded";
            case 500 -> "Internal server error";
            default -> "Request failed with status " + status;
        };
        ObjectNode body = object();
        body.put("type", "error");
        body.putObject("error").put("type", type != null ? type : defaultType)
                .put("message", message != null ? message : defaultMessage);
        body.put("request_id", requestId);
        return body;
    }
}
