package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.wire.GatewayError;
import dev.aurelis.gateway.wire.Json;
import dev.aurelis.providers.WireFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Parses a request body and checks the types that would otherwise cost a provider round trip to learn are wrong. */
public final class RequestValidation {

    /** Longer than any model name a provider publishes; a name is recorded with every exchange. */
    static final int MAX_MODEL_LENGTH = 256;
    /** The highest temperature any vendor accepts (OpenAI's; Anthropic's is 1). */
    private static final java.math.BigDecimal MAX_TEMPERATURE = java.math.BigDecimal.valueOf(2);

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
        String name = model.asString();
        if (name.length() > MAX_MODEL_LENGTH || name.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw GatewayError.invalid("The 'model' field must be a model name: at most " + MAX_MODEL_LENGTH
                    + " characters, no control characters.", "model");
        }
        return name;
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
                if (maxTokens == null || !maxTokens.isIntegralNumber() || !maxTokens.canConvertToInt()
                        || maxTokens.asInt() < 1) {
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
        for (String field : RequestDefaults.OUTPUT_CAP_FIELDS) {
            JsonNode cap = body.get(field);
            if (cap != null && !cap.isNull() && !(cap.isIntegralNumber() && cap.canConvertToInt() && cap.asInt() >= 0)) {
                throw GatewayError.invalid("'" + field + "' must be an integer from 0 to " + Integer.MAX_VALUE + ".",
                        field);
            }
        }
        JsonNode temperature = body.get("temperature");
        if (temperature != null && !temperature.isNull() && !(temperature.isNumber()
                && temperature.decimalValue().signum() >= 0 && temperature.decimalValue().compareTo(MAX_TEMPERATURE) <= 0)) {
            throw GatewayError.invalid("'temperature' must be a number from 0 to 2.", "temperature");
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
