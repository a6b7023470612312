package dev.aurelis.gateway.wire;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.aurelis.providers.WireFormat;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one local estimate of a request's prompt tokens, counted with the o200k tokenizer: what budgets reserve
 * before the provider reports the real figure, and what {@code /v1/messages/count_tokens} answers for a model no
 * Anthropic provider serves. It counts every text the model reads (system prompt, messages, input items, tool
 * definitions), leaving out binary payloads such as base64 images, which providers bill per image rather than
 * per character.
 */
public final class PromptTokens {

    private static final Encoding TOKENIZER = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    private static final Set<String> BINARY_FIELDS = Set.of("data", "url", "image_url", "file_data", "signature",
            "encrypted_content", "source", "input_audio");

    private PromptTokens() {
    }

    public static long count(WireFormat format, ObjectNode body) {
        StringBuilder text = new StringBuilder();
        int framing = 3;
        switch (format) {
            case ANTHROPIC_MESSAGES, OPENAI_CHAT -> {
                collect(body.get("system"), text);
                for (JsonNode message : body.path("messages")) {
                    collect(message, text);
                    framing += 3;
                }
            }
            case OPENAI_RESPONSES -> {
                collect(body.get("instructions"), text);
                collect(body.get("input"), text);
                framing += 3 * Math.max(1, body.path("input").size());
            }
            case OPENAI_COMPLETIONS -> {
                collect(body.get("prompt"), text);
                collect(body.get("suffix"), text);
            }
            case OPENAI_EMBEDDINGS -> {
                JsonNode input = body.get("input");
                long tokenIds = 0;
                if (input != null && input.isArray()) {
                    for (JsonNode item : input) {
                        if (item.isArray()) {
                            tokenIds += item.size();
                        } else if (item.isIntegralNumber()) {
                            tokenIds++;
                        } else {
                            collect(item, text);
                        }
                    }
                } else {
                    collect(input, text);
                }
                return TOKENIZER.countTokensOrdinary(text.toString()) + tokenIds;
            }
        }
        JsonNode tools = body.get("tools");
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            text.append(Json.string(tools));
        }
        return TOKENIZER.countTokensOrdinary(text.toString()) + framing;
    }

    private static void collect(JsonNode node, StringBuilder text) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isString()) {
            text.append(node.asString()).append('\n');
        } else if (node.isArray()) {
            node.forEach(item -> collect(item, text));
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!BINARY_FIELDS.contains(field.getKey()) && !field.getKey().equals("type")) {
                    collect(field.getValue(), text);
                }
            }
        }
    }
}
