package dev.aurelis.providers;

/**
 * One server-sent event: the optional {@code event:} name and the {@code data:} payload (lines joined by
 * newline). OpenAI streams carry no event name; Anthropic and Responses streams name every event.
 */
public record SseEvent(String event, String data) {

    public static SseEvent data(String data) {
        return new SseEvent(null, data);
    }

    public static SseEvent named(String event, String data) {
        return new SseEvent(event, data);
    }

    /** The OpenAI stream terminator {@code data: [DONE]}. */
    public boolean isDone() {
        return "[DONE]".equals(data);
    }
}
