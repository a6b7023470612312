package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.wire.GatewayError;
import dev.aurelis.gateway.wire.Json;
import dev.aurelis.providers.WireFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Parses a request body and checks the types that would otherwise cost a provider round trip to learn are wrong. */
public final class RequestValidation {

    private RequestValidation() {
    }

    /**
     * The validated request, or a 400 in the caller's format that names the field at fault. The model and whether
     * it streams are noted on the exchange as soon as they are known, so a refused request's record has them.
     */
    static ExchangeRequest parse(WireFormat format, byte[] raw, Exchange exchange) {
        ObjectNode body = Json.readObject(raw);
        String model = requiredModel(body);
        exchange.asked(model);
        boolean streamed = streamFlag(body);
        exchange.streams(streamed);
        validateShape(format, body);
        return new ExchangeRequest(body, raw, model, streamed);
    }

    /** The {@code model} field, which every endpoint requires. */
    public static String requiredModel(ObjectNode body) {
        JsonNode model = body.get("model");
        if (model == null || model.isNull()) {
            throw GatewayError.invalid("The 'model' field is required.", "model");
        }
        if (!model.isString() || model.asString().isBlank()) {
            throw GatewayError.invalid("The 'model' field must be a non-empty string.", "model");
        }
        return model.asString();
    }

    private static boolean streamFlag(ObjectNode body) {
        JsonNode stream = body.get("stream");
        if (stream == null || stream.isNull()) {
            return false;
        }
        if (!stream.isBoolean()) {
            throw GatewayError.invalid("The 'stream' field must be a boolean.", "stream");
        }
        return stream.asBoolean();
    }

    private static void validateShape(WireFormat format, ObjectNode body) {
        switch (format) {
            case OPENAI_CHAT -> requireArray(body, "messages");
            case ANTHROPIC_MESSAGES -> {
                requireArray(body, "messages");
                JsonNode maxTokens = body.get("max_tokens");
                if (maxTokens == null || !maxTokens.isIntegralNumber() || maxTokens.asLong() < 1) {
                    throw GatewayError.invalid("'max_tokens' is required and must be a positive integer.", "max_tokens");
                }
            }
            case OPENAI_COMPLETIONS -> {
                JsonNode prompt = body.get("prompt");
                if (prompt != null && !(prompt.isString() || prompt.isArray())) {
                    throw GatewayError.invalid("'prompt' must be a string or an array.", "prompt");
                }
                JsonNode suffix = body.get("suffix");
                if (suffix != null && !suffix.isNull() && !suffix.isString()) {
                    throw GatewayError.invalid("'suffix' must be a string.", "suffix");
                }
            }
            case OPENAI_EMBEDDINGS -> {
                JsonNode input = body.get("input");
                if (input == null || !(input.isString() || input.isArray())) {
                    throw GatewayError.invalid("'input' is required and must be a string or an array.", "input");
                }
            }
            case OPENAI_RESPONSES -> {
                JsonNode input = body.get("input");
                if (input != null && !(input.isString() || input.isArray())) {
                    throw GatewayError.invalid("'input' must be a string or an array of input items.", "input");
                }
            }
        }
        JsonNode maxTokens = body.get("max_tokens");
        if (maxTokens != null && !maxTokens.isNull() && !maxTokens.isIntegralNumber()) {
            throw GatewayError.invalid("'max_tokens' must be an integer.", "max_tokens");
        }
        JsonNode temperature = body.get("temperature");
        if (temperature != null && !temperature.isNull() && !temperature.isNumber()) {
            throw GatewayError.invalid("'temperature' must be a number.", "temperature");
        }
    }

    /** A non-empty array. */
    private static void requireArray(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isArray()) {
            throw GatewayError.invalid("'" + field + "' is required and must be an array.", field);
        }
        if (value.isEmpty()) {
            throw GatewayError.invalid("'" + field + "' must not be empty.", field);
        }
    }
}
