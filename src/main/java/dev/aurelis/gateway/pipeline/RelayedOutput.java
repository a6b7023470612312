package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.wire.Json;
import dev.aurelis.gateway.wire.PromptTokens;
import dev.aurelis.providers.SseEvent;
import dev.aurelis.providers.WireFormat;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What a provider generated, as read from its stream's events or its complete answer (text, refusals, reasoning,
 * tool names and arguments), in the provider's own format. It is counted only when the provider's usage report
 * never arrives (the client hung up, the provider broke off) or cannot be trusted: the record then charges these
 * tokens instead of none. Events the relay did not parse are kept as they came and parsed only when counted, or
 * once they add up to {@link #UNREAD_LIMIT} characters (ADR 0047: a parse per content delta was most of the relay's
 * own work); text is kept until counted, at most {@link #PENDING_LIMIT} characters at a time, so a long answer holds
 * bounded memory.
 */
final class RelayedOutput {

    private static final int PENDING_LIMIT = 256 * 1024;
    static final int UNREAD_LIMIT = 32 * 1024;

    private final StringBuilder pending = new StringBuilder();
    private final List<SseEvent> unread = new ArrayList<>();
    private WireFormat unreadFormat;
    private int unreadChars;
    private long counted;
    private boolean any;

    /** Reads one upstream event; {@code data} is its parsed payload when the relay parsed it already, else null. */
    void fromEvent(WireFormat provider, SseEvent event, JsonNode data) {
        if (!mayCarryText(provider, event)) {
            return;
        }
        if (data != null) {
            readUnread(); // in order: the text is counted as it was generated
            read(provider, data);
            return;
        }
        if (unreadFormat != provider) {
            readUnread();
            unreadFormat = provider;
        }
        unread.add(event);
        unreadChars += event.data().length();
        if (unreadChars > UNREAD_LIMIT) {
            readUnread();
        }
    }

    private void readUnread() {
        for (SseEvent event : unread) {
            read(unreadFormat, parse(event.data()));
        }
        unread.clear();
        unreadChars = 0;
    }

    private void read(WireFormat provider, JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            return;
        }
        switch (provider) {
            case ANTHROPIC_MESSAGES -> {
                JsonNode delta = payload.get("delta");
                if (delta != null) {
                    add(delta.get("text"));
                    add(delta.get("partial_json"));
                    add(delta.get("thinking"));
                }
                JsonNode block = payload.get("content_block");
                if (block != null) {
                    add(block.get("name"));
                    add(block.get("text"));
                }
            }
            case OPENAI_RESPONSES -> add(payload.get("delta"));
            default -> {
                for (JsonNode choice : payload.path("choices")) {
                    add(choice.get("text")); // legacy completions
                    JsonNode delta = choice.get("delta");
                    if (delta == null) {
                        continue;
                    }
                    add(delta.get("content"));
                    add(delta.get("refusal"));
                    add(delta.get("reasoning_content"));
                    for (JsonNode call : delta.path("tool_calls")) {
                        add(call.path("function").get("name"));
                        add(call.path("function").get("arguments"));
                    }
                }
            }
        }
    }

    /** Reads what a complete (non-streamed) answer generated, counted only if its usage report cannot be trusted. */
    void fromResponse(WireFormat provider, JsonNode body) {
        switch (provider) {
            case ANTHROPIC_MESSAGES -> {
                for (JsonNode block : body.path("content")) {
                    add(block.get("text"));
                    add(block.get("thinking"));
                    add(block.get("name"));
                    if (block.has("input")) {
                        add(tools.jackson.databind.node.StringNode.valueOf(Json.string(block.get("input"))));
                    }
                }
            }
            case OPENAI_RESPONSES -> {
                for (JsonNode item : body.path("output")) {
                    add(item.get("name"));
                    add(item.get("arguments"));
                    for (JsonNode part : item.path("content")) {
                        add(part.get("text"));
                    }
                    for (JsonNode part : item.path("summary")) {
                        add(part.get("text"));
                    }
                }
            }
            case OPENAI_EMBEDDINGS -> {
            }
            default -> {
                for (JsonNode choice : body.path("choices")) {
                    add(choice.get("text"));
                    JsonNode message = choice.get("message");
                    if (message == null) {
                        continue;
                    }
                    add(message.get("content"));
                    add(message.get("refusal"));
                    add(message.get("reasoning_content"));
                    for (JsonNode call : message.path("tool_calls")) {
                        add(call.path("function").get("name"));
                        add(call.path("function").get("arguments"));
                    }
                }
            }
        }
    }

    /** Whether anything generated was read. */
    boolean any() {
        readUnread();
        return any;
    }

    /** The generated tokens read so far, counted with the o200k tokenizer. */
    long tokens() {
        readUnread();
        flush();
        return counted;
    }

    private static boolean mayCarryText(WireFormat provider, SseEvent event) {
        String data = event.data();
        if (data.isEmpty() || data.charAt(0) != '{') {
            return false;
        }
        return switch (provider) {
            case ANTHROPIC_MESSAGES -> "content_block_delta".equals(event.event()) || "content_block_start".equals(event.event());
            case OPENAI_RESPONSES -> event.event() != null && event.event().endsWith(".delta");
            default -> true;
        };
    }

    private static JsonNode parse(String data) {
        try {
            return Json.MAPPER.readTree(data);
        } catch (JacksonException e) {
            return null;
        }
    }

    private void add(JsonNode text) {
        if (text == null || !text.isString() || text.asString().isEmpty()) {
            return;
        }
        any = true;
        pending.append(text.asString());
        if (pending.length() > PENDING_LIMIT) {
            flush();
        }
    }

    private void flush() {
        if (!pending.isEmpty()) {
            counted += PromptTokens.countText(pending.toString());
            pending.setLength(0);
        }
    }
}
