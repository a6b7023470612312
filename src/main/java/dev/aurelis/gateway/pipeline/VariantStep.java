package dev.aurelis.gateway.pipeline;

import dev.aurelis.providers.WireFormat;
import dev.aurelis.routing.CustomModels;
import dev.aurelis.routing.ModelVariant;
import dev.aurelis.routing.Router;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The model variant step, after access and before the workspace step (ADR 0071): a request naming a variant of its
 * caller's organisation is routed to the variant's base model (see {@link Exchange#routedModel()}), with the variant's
 * system prompt before the request's own (legacy completions have none), and the variant's temperature, top_p and
 * output cap where the request sets none. It is metered as the base model; the ledger's route names the variant.
 * Read from memory: with {@code advanced_features.model_customization} off this is one flag read.
 */
@Component
class VariantStep {

    private final CustomModels custom;
    private final Router router;

    VariantStep(CustomModels custom, Router router) {
        this.custom = custom;
        this.router = router;
    }

    ExchangeRequest apply(Exchange exchange, ExchangeRequest request) {
        ModelVariant variant = custom.variant(exchange.caller().tenantId().value(), exchange.model());
        if (variant == null || router.configured(variant.name())) {
            return request; // a name the configuration came to serve is the configured model's
        }
        exchange.varied(variant);
        WireFormat format = exchange.arrival().format();
        if (format == WireFormat.OPENAI_EMBEDDINGS) {
            return request;
        }
        ObjectNode body = request.body();
        if (variant.systemPrompt() != null) {
            prepend(format, body, variant.systemPrompt());
        }
        if (variant.temperature() != null && absent(body, "temperature")) {
            body.put("temperature", format == WireFormat.ANTHROPIC_MESSAGES
                    ? Math.min(variant.temperature(), 1.0) : variant.temperature());
        }
        if (variant.topP() != null && absent(body, "top_p")) {
            body.put("top_p", variant.topP());
        }
        if (variant.maxTokens() != null && RequestDefaults.requestedOutputCap(body) == null) {
            RequestDefaults.setOutputCap(format, body, variant.maxTokens());
        }
        return request.rewritten(body);
    }

    private static boolean absent(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull();
    }

    /** Puts {@code text} before the request's own system prompt, in the format's own place for it. */
    static void prepend(WireFormat format, ObjectNode body, String text) {
        switch (format) {
            case OPENAI_CHAT -> {
                if (body.get("messages") instanceof ArrayNode list) {
                    list.insert(0, JsonNodeFactory.instance.objectNode().put("role", "system").put("content", text));
                }
            }
            case OPENAI_RESPONSES -> body.put("instructions", prepended(text, body.get("instructions")));
            case ANTHROPIC_MESSAGES -> {
                if (body.get("system") instanceof ArrayNode blocks) {
                    blocks.insert(0, JsonNodeFactory.instance.objectNode().put("type", "text").put("text", text));
                } else {
                    body.put("system", prepended(text, body.get("system")));
                }
            }
            default -> {
            }
        }
    }

    private static String prepended(String text, JsonNode own) {
        return own != null && own.isString() && !own.asString().isBlank() ? text + "\n\n" + own.asString() : text;
    }
}
