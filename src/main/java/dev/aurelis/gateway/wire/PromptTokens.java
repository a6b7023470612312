package dev.aurelis.gateway.wire;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.aurelis.providers.WireFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The local figures of a request's prompt tokens: the o200k tokenizer's count ({@link #count}), which
 * {@code /v1/messages/count_tokens} answers for a model no Anthropic provider serves and a record carries when the
 * provider never reports its own; a cheap estimate of it ({@link #estimate}) that budgets and rate limits reserve
 * before the provider reports the real figure; and a strict upper bound ({@link #upperBound}) for hard budgets.
 * Each covers every text the model reads (system prompt, messages, input items, tool definitions), leaving out
 * binary payloads such as base64 images, which providers bill per image rather than per character.
 */
public final class PromptTokens {

    /**
     * The o200k vocabulary, loaded by the first exact count rather than with this class: it holds about 30 MB of the
     * heap, and the estimate and the bound that every governed exchange uses never need it (ADR 0093).
     */
    private static final class Tokenizer {
        static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    private static final Set<String> BINARY_FIELDS = Set.of("data", "url", "image_url", "file_data", "signature",
            "encrypted_content", "source", "input_audio");

    /** Tokens the bound allows for the framing of each message and content block (role markers, separators). */
    static final int BOUND_PER_PART = 8;
    /** Tokens the bound allows for a request's fixed framing (the start of the reply, separators). */
    static final int BOUND_FIXED = 16;
    /** Tokens the bound allows for the system text a provider adds when tools are defined (Anthropic's is ~350). */
    static final int BOUND_TOOLS = 1024;
    /**
     * Tokens the bound allows per image: above what the vendors document as an image's largest cost (Anthropic
     * about 1,600 after resizing, OpenAI's tiled and patch-based models at most about 2,500).
     */
    static final int BOUND_PER_IMAGE = 8192;
    /** The bound when the prompt is not all in the request (stored conversations, files, audio): unknown. */
    public static final long UNBOUNDED = Long.MAX_VALUE;

    private static final Set<String> IMAGE_TYPES = Set.of("image", "image_url", "input_image");
    private static final Set<String> OPAQUE_TYPES = Set.of("document", "file", "input_file", "input_audio", "audio",
            "container_upload", "search_result");
    /** Fields that are a message's structure, which the framing allowance covers, not text the model reads. */
    private static final Set<String> STRUCTURE = Set.of("type", "role", "cache_control");
    /** Fields whose value is JSON the model reads keys and all (tool inputs and schemas). */
    private static final Set<String> KEYS_READ = Set.of("input", "arguments", "parameters", "schema", "json_schema",
            "input_schema");

    private PromptTokens() {
    }

    /**
     * Tokens of plain text with the o200k tokenizer, in bounded work whatever the text looks like. The tokenizer's
     * work grows faster than linearly with the length of a run without whitespace (a 16 MiB "word" took the heap
     * and half a minute), so text is handed to it in windows of at most {@link #WINDOW} characters cut at
     * whitespace, and a run longer than {@link #LONG_RUN} characters (base64, minified code, one long "word") is
     * estimated from its first {@link #LONG_RUN} characters: their count times the number of such slices in the
     * run. Ordinary text is counted exactly; a long run gets an estimate, which is what counting is for here.
     */
    public static long countText(String text) {
        int length = text.length();
        if (length <= LONG_RUN) {
            return Tokenizer.O200K.countTokensOrdinary(text);
        }
        long tokens = 0;
        int window = 0;
        int i = 0;
        while (i < length) {
            while (i < length && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int run = i;
            while (i < length && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i - run > LONG_RUN) {
                tokens += counted(text, window, run) + longRun(text, run, i);
                window = i;
            } else if (i - window > WINDOW) {
                tokens += counted(text, window, run);
                window = run;
            }
        }
        return tokens + counted(text, window, length);
    }

    private static long counted(String text, int from, int to) {
        return to > from ? Tokenizer.O200K.countTokensOrdinary(text.substring(from, to)) : 0;
    }

    /** A run without whitespace longer than {@link #LONG_RUN}: its first slice counted, times its slices. */
    private static long longRun(String text, int from, int to) {
        int end = from + LONG_RUN;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        long slice = Tokenizer.O200K.countTokensOrdinary(text.substring(from, end));
        return (long) Math.ceil(slice * ((double) (to - from) / (end - from)));
    }

    /** The most text handed to the tokenizer at once (see {@link #countText}). */
    static final int WINDOW = 4096;
    /** Runs without whitespace longer than this are estimated from a slice of this length. */
    static final int LONG_RUN = 1024;

    /**
     * A strict upper bound on the prompt tokens any provider can count for this request: the UTF-8 bytes of every
     * text the model reads (no byte-level tokenizer makes more tokens than bytes), plus allowances for message
     * framing, tool instructions and images. {@link #UNBOUNDED} when part of the prompt is not in the request
     * (a stored conversation, a file, audio): then only the model's context window bounds it.
     */
    public static long upperBound(WireFormat format, ObjectNode body) {
        return upperBound(format, body, tools(body));
    }

    /**
     * As {@link #upperBound(WireFormat, ObjectNode)}, with the request's tool definitions already measured
     * ({@link #tools}): Claude Code's are 50 KB of an 80 KB request, worth measuring once for both figures.
     */
    public static long upperBound(WireFormat format, ObjectNode body, Tools tools) {
        if (body.hasNonNull("previous_response_id") || body.hasNonNull("conversation") || body.hasNonNull("mcp_servers")
                || body.hasNonNull("container") || body.hasNonNull("prompt") && body.get("prompt").isObject()
                || hasServerTools(body.get("tools"))) {
            return UNBOUNDED;
        }
        List<JsonNode> read = switch (format) {
            case ANTHROPIC_MESSAGES, OPENAI_CHAT -> java.util.Arrays.asList(body.get("system"), body.get("messages"));
            case OPENAI_RESPONSES -> java.util.Arrays.asList(body.get("instructions"), body.get("input"));
            case OPENAI_COMPLETIONS -> java.util.Arrays.asList(body.get("prompt"), body.get("suffix"));
            case OPENAI_EMBEDDINGS -> java.util.Arrays.asList(body.get("input"));
        };
        long bound = BOUND_FIXED;
        for (JsonNode node : read) {
            long bytes = boundBytes(node, false);
            if (bytes == UNBOUNDED) {
                return UNBOUNDED;
            }
            bound += bytes;
        }
        if (tools != null) {
            bound += tools.jsonBytes() + BOUND_TOOLS;
        }
        return bound;
    }

    /**
     * A request's tool definitions and the UTF-8 bytes of their JSON, which the figures read: the bound adds the
     * bytes, the estimate is of the JSON text. The bytes are counted without writing the JSON out ({@link JsonLength}).
     */
    public record Tools(JsonNode definitions, long jsonBytes) {
    }

    /** The request's tool definitions, measured; null when it defines none. */
    public static Tools tools(ObjectNode body) {
        JsonNode tools = body.get("tools");
        return tools != null && tools.isArray() && !tools.isEmpty() ? new Tools(tools, JsonLength.of(tools)) : null;
    }

    /** Tools the provider runs itself (web search, code execution, MCP...) add their results to the prompt. */
    private static boolean hasServerTools(JsonNode tools) {
        if (tools == null || !tools.isArray()) {
            return false;
        }
        for (JsonNode tool : tools) {
            String type = tool.path("type").asString("function");
            if (!type.equals("function") && !type.equals("custom")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The UTF-8 bytes of the text in a node (and of the keys too, inside tool inputs and schemas), plus
     * {@link #BOUND_PER_PART} for every message and content block; an image counts {@link #BOUND_PER_IMAGE}
     * instead of its encoded bytes, and a file, a document or audio makes the whole prompt {@link #UNBOUNDED}.
     */
    private static long boundBytes(JsonNode node, boolean keysRead) {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (node.isString()) {
            return utf8Length(node.asString());
        }
        if (node.isArray()) {
            long bytes = keysRead ? 2 : 0;
            for (JsonNode item : node) {
                long b = boundBytes(item, keysRead);
                if (b == UNBOUNDED) {
                    return UNBOUNDED;
                }
                bytes += b + (keysRead ? 1 : 0);
            }
            return bytes;
        }
        if (node.isObject()) {
            String type = node.path("type").asString("");
            if (!keysRead && IMAGE_TYPES.contains(type)) {
                return BOUND_PER_IMAGE;
            }
            if (!keysRead && OPAQUE_TYPES.contains(type)) {
                return UNBOUNDED;
            }
            long bytes = keysRead ? 2 : BOUND_PER_PART;
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!keysRead && STRUCTURE.contains(field.getKey())) {
                    continue;
                }
                long b = boundBytes(field.getValue(), keysRead || KEYS_READ.contains(field.getKey()));
                if (b == UNBOUNDED) {
                    return UNBOUNDED;
                }
                bytes += b + (keysRead ? utf8Length(field.getKey()) + 4 : 0);
            }
            return bytes;
        }
        return node.toString().length() + (keysRead ? 1 : 0);
    }

    private static long utf8Length(CharSequence text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * The o200k count of a request's prompt. The text is counted piece by piece ({@link #countText}), never joined
     * into one copy, so counting takes memory of a window whatever the size and shape of the prompt.
     */
    public static long count(WireFormat format, ObjectNode body) {
        JsonNode tools = body.get("tools");
        long toolTokens = tools != null && tools.isArray() && !tools.isEmpty() ? countText(Json.string(tools)) : 0;
        return tokens(format, body, toolTokens, PromptTokens::countText);
    }

    /**
     * The prompt's tokens estimated without the tokenizer ({@link TokenEstimate}), over the same texts as
     * {@link #count}: what reservations take, at a small fraction of the tokenizer's cost (ADR 0047).
     */
    public static long estimate(WireFormat format, ObjectNode body) {
        return estimate(format, body, tools(body));
    }

    /** As {@link #estimate(WireFormat, ObjectNode)}, with the tool definitions already measured ({@link #tools}). */
    public static long estimate(WireFormat format, ObjectNode body, Tools tools) {
        return tokens(format, body, tools == null ? 0 : RepeatedTexts.estimate(tools), RepeatedTexts::estimate);
    }

    /** The prompt's tokens, those of the tool definitions ({@code toolTokens}) given. */
    private static long tokens(WireFormat format, ObjectNode body, long toolTokens, ToLongFunction<String> counter) {
        long[] tokens = {0};
        int framing = 3;
        switch (format) {
            case ANTHROPIC_MESSAGES, OPENAI_CHAT -> {
                collect(body.get("system"), tokens, counter);
                for (JsonNode message : body.path("messages")) {
                    collect(message, tokens, counter);
                    framing += 3;
                }
            }
            case OPENAI_RESPONSES -> {
                collect(body.get("instructions"), tokens, counter);
                collect(body.get("input"), tokens, counter);
                framing += 3 * Math.max(1, body.path("input").size());
            }
            case OPENAI_COMPLETIONS -> {
                collect(body.get("prompt"), tokens, counter);
                collect(body.get("suffix"), tokens, counter);
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
                            collect(item, tokens, counter);
                        }
                    }
                } else {
                    collect(input, tokens, counter);
                }
                return tokens[0] + tokenIds;
            }
        }
        return tokens[0] + toolTokens + framing;
    }

    private static void collect(JsonNode node, long[] tokens, ToLongFunction<String> counter) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isString()) {
            tokens[0] += counter.applyAsLong(node.asString()) + 1; // the separator between texts
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                collect(item, tokens, counter);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!BINARY_FIELDS.contains(field.getKey()) && !field.getKey().equals("type")) {
                    collect(field.getValue(), tokens, counter);
                }
            }
        }
    }
}
