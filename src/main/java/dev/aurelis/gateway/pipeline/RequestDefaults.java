package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.GatewaySettings;
import dev.aurelis.providers.WireFormat;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The configuration's request defaults, applied once before spend reserves and routing plans, so that what is reserved
 * is what the provider is asked for:
 * <ul>
 * <li>{@code models.max_tokens} caps each request's output: a larger cap is lowered to it, a smaller one is kept;</li>
 * <li>a request that sets no cap gets {@code gateway.default_max_tokens} (never above {@code models.max_tokens}), or
 * {@code models.max_tokens} itself;</li>
 * <li>a request that sets no temperature gets {@code models.temperature} (at most 1 for Anthropic's format, its
 * range), unless it asks for reasoning or extended thinking, or names an OpenAI reasoning model: those accept only
 * their default temperature.</li>
 * </ul>
 * Embeddings produce no output and have no temperature.
 */
final class RequestDefaults {

    /** The vendors' names for a request's output cap. */
    static final List<String> OUTPUT_CAP_FIELDS = List.of("max_completion_tokens", "max_output_tokens", "max_tokens");

    /** OpenAI's reasoning models (o1, o3, o4-mini, gpt-5…), which refuse a temperature other than their default. */
    private static final Pattern REASONING_MODEL = Pattern.compile("(?i)(.*/)?(o\\d|gpt-5|codex)([-.].*)?");

    private RequestDefaults() {
    }

    /** The request with the defaults applied; the same request when none applies. */
    static ExchangeRequest apply(WireFormat format, ExchangeRequest request, GatewaySettings settings) {
        if (format == WireFormat.OPENAI_EMBEDDINGS) {
            return request;
        }
        ObjectNode body = request.body();
        boolean capped = capOutput(format, body, settings.maxOutputTokens(), settings.defaultMaxTokens());
        boolean tempered = defaultTemperature(format, body, request.model(), settings.defaultTemperature());
        return capped || tempered ? request.rewritten(body) : request;
    }

    /** The output cap the request sets itself, under any of the vendors' names for it. */
    static Long requestedOutputCap(ObjectNode body) {
        for (String field : OUTPUT_CAP_FIELDS) {
            JsonNode value = body.get(field);
            if (value != null && value.isIntegralNumber() && value.asLong() > 0) {
                return value.asLong();
            }
        }
        return null;
    }

    private static boolean capOutput(WireFormat format, ObjectNode body, Integer cap, Integer defaultCap) {
        if (requestedOutputCap(body) == null) {
            Integer given = cap == null ? defaultCap : defaultCap == null ? cap : Integer.valueOf(Math.min(cap, defaultCap));
            return given != null && setOutputCap(format, body, given);
        }
        boolean lowered = false;
        if (cap != null) {
            for (String field : OUTPUT_CAP_FIELDS) {
                JsonNode value = body.get(field);
                if (value != null && value.isIntegralNumber() && value.asLong() > cap) {
                    body.put(field, cap.longValue());
                    lowered = true;
                }
            }
        }
        return lowered;
    }

    /** Sets the request's output cap under the field its format uses, dropping explicit nulls under the others. */
    static boolean setOutputCap(WireFormat format, ObjectNode body, int cap) {
        String field = switch (format) {
            // what OpenAI's reasoning models accept (they reject max_tokens); translations read it too
            case OPENAI_CHAT -> "max_completion_tokens";
            case OPENAI_RESPONSES -> "max_output_tokens";
            case OPENAI_COMPLETIONS, ANTHROPIC_MESSAGES -> "max_tokens";
            case OPENAI_EMBEDDINGS -> null;
        };
        if (field == null) {
            return false;
        }
        // an explicit null under another name would leave the provider two answers
        OUTPUT_CAP_FIELDS.forEach(name -> {
            JsonNode value = body.get(name);
            if (value != null && value.isNull()) {
                body.remove(name);
            }
        });
        body.put(field, cap);
        return true;
    }

    private static boolean defaultTemperature(WireFormat format, ObjectNode body, String model, Double temperature) {
        JsonNode given = body.get("temperature");
        if (temperature == null || (given != null && !given.isNull()) || asksForReasoning(format, body)
                || (model != null && REASONING_MODEL.matcher(model).matches())) {
            return false;
        }
        body.put("temperature", format == WireFormat.ANTHROPIC_MESSAGES ? Math.min(temperature, 1.0) : temperature);
        return true;
    }

    private static boolean asksForReasoning(WireFormat format, ObjectNode body) {
        return switch (format) {
            case ANTHROPIC_MESSAGES -> {
                JsonNode thinking = body.get("thinking");
                yield thinking != null && thinking.isObject() && !"disabled".equals(thinking.path("type").asString(""));
            }
            case OPENAI_RESPONSES -> body.hasNonNull("reasoning");
            default -> body.hasNonNull("reasoning_effort");
        };
    }
}
