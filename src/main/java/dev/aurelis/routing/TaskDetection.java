package dev.aurelis.routing;

import dev.aurelis.providers.WireFormat;
import dev.aurelis.routing.tasks.TaskClassifier;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The task of an exchange: the {@code x-aurelis-task} header, else the request's {@code metadata.aurelis_task},
 * else inferred: legacy completions and fill-in-the-middle prompts are code generation, and chat-like requests are
 * classified from their system prompt and last user turn (see {@link TaskClassifier}). Never calls out.
 */
public final class TaskDetection {

    /** The header a client names its task with. */
    public static final String HEADER = "x-aurelis-task";
    /** The request metadata key a client names its task with; Aurelis removes it before calling the provider. */
    public static final String METADATA_KEY = "aurelis_task";

    /** More of a system prompt than the classifier reads: enough to know it is long. */
    private static final int SYSTEM_READ = TaskClassifier.SHORT_SYSTEM_PROMPT + 1;

    private TaskDetection() {
    }

    /**
     * @param headers the request's headers with lower-case names
     * @throws IllegalArgumentException when the client names a task that does not exist
     */
    public static DetectedTask detect(WireFormat format, JsonNode body, Map<String, String> headers) {
        String header = headers.get(HEADER);
        if (header != null && !header.isBlank()) {
            return new DetectedTask(named(header, "The " + HEADER + " header"), DetectedTask.Source.HEADER);
        }
        JsonNode metadata = body.path("metadata").get(METADATA_KEY);
        if (metadata != null && !metadata.isNull()) {
            if (!metadata.isString()) {
                throw new IllegalArgumentException("'metadata." + METADATA_KEY + "' must be a string naming a task: "
                        + String.join(", ", Task.names()) + ".");
            }
            return new DetectedTask(named(metadata.asString(), "'metadata." + METADATA_KEY + "'"),
                    DetectedTask.Source.METADATA);
        }
        return switch (format) {
            case OPENAI_COMPLETIONS -> new DetectedTask(Task.CODE_GENERATION,
                    body.hasNonNull("suffix") ? DetectedTask.Source.FILL_IN_THE_MIDDLE : DetectedTask.Source.ENDPOINT);
            case OPENAI_EMBEDDINGS -> DetectedTask.GENERAL;
            case OPENAI_CHAT -> infer(chatSystem(body), lastUserTurn(body));
            case ANTHROPIC_MESSAGES -> infer(text(body.get("system"), SYSTEM_READ), lastUserTurn(body));
            case OPENAI_RESPONSES -> infer(responsesSystem(body), responsesLastUserTurn(body));
        };
    }

    private static Task named(String value, String where) {
        return Task.named(value).orElseThrow(() -> new IllegalArgumentException(where + " names the task '" + value.strip()
                + "', which Aurelis does not know; use one of: " + String.join(", ", Task.names()) + "."));
    }

    private static DetectedTask infer(String system, String lastUserTurn) {
        if (TaskClassifier.isFillInTheMiddle(lastUserTurn)) {
            return new DetectedTask(Task.CODE_GENERATION, DetectedTask.Source.FILL_IN_THE_MIDDLE);
        }
        Task task = TaskClassifier.classify(system, lastUserTurn);
        return task == Task.GENERAL ? DetectedTask.GENERAL : new DetectedTask(task, DetectedTask.Source.INSTRUCTIONS);
    }

    private static String chatSystem(JsonNode body) {
        StringBuilder system = new StringBuilder();
        for (JsonNode message : body.path("messages")) {
            String role = message.path("role").asString("");
            if ((role.equals("system") || role.equals("developer")) && system.length() < SYSTEM_READ) {
                system.append(text(message.get("content"), SYSTEM_READ)).append('\n');
            }
        }
        return system.toString();
    }

    /**
     * The last user message with words in it: chat returns tool results as role "tool", and Anthropic as user turns
     * of tool_result blocks only, neither of which says anything of the task.
     */
    private static String lastUserTurn(JsonNode body) {
        JsonNode messages = body.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if ("user".equals(message.path("role").asString(""))) {
                String text = instructions(message.get("content"));
                if (text != null) {
                    return text;
                }
            }
        }
        return "";
    }

    private static String responsesSystem(JsonNode body) {
        StringBuilder system = new StringBuilder(text(body.get("instructions"), SYSTEM_READ));
        JsonNode input = body.get("input");
        if (input != null && input.isArray()) {
            for (JsonNode item : input) {
                String role = item.path("role").asString("");
                if ((role.equals("system") || role.equals("developer")) && system.length() < SYSTEM_READ) {
                    system.append('\n').append(text(item.get("content"), SYSTEM_READ));
                }
            }
        }
        return system.toString();
    }

    private static String responsesLastUserTurn(JsonNode body) {
        JsonNode input = body.get("input");
        if (input == null) {
            return "";
        }
        if (input.isString()) {
            return input.asString();
        }
        for (int i = input.size() - 1; i >= 0; i--) {
            JsonNode item = input.get(i);
            if ("user".equals(item.path("role").asString(""))) {
                String text = instructions(item.get("content"));
                if (text != null) {
                    return text;
                }
            }
        }
        return "";
    }

    /**
     * What the classifier reads of a user turn: its words (as {@link #text}) when they fit its head and tail, else
     * only that head and tail, taken without copying the middle of a long turn; null when the turn has no words.
     */
    private static String instructions(JsonNode content) {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isString()) {
            String text = content.asString();
            return text.isBlank() ? null : excerpt(text);
        }
        java.util.List<String> parts = new java.util.ArrayList<>();
        int length = 0;
        boolean words = false;
        if (content.isArray()) {
            for (JsonNode part : content) {
                String type = part.path("type").asString("text");
                JsonNode value = part.get("text");
                if ((type.equals("text") || type.equals("input_text")) && value != null && value.isString()) {
                    String text = value.asString();
                    parts.add(text);
                    length += text.length() + 1;
                    words = words || !text.isBlank();
                }
            }
        }
        if (!words) {
            return null;
        }
        int head = TaskClassifier.HEAD;
        int tail = TaskClassifier.TAIL;
        if (length <= head + tail) {
            return String.join("\n", parts) + "\n";
        }
        StringBuilder start = new StringBuilder(head);
        for (String part : parts) {
            start.append(part, 0, Math.min(part.length(), head - start.length()));
            if (start.length() < head) {
                start.append('\n');
            }
            if (start.length() >= head) {
                break;
            }
        }
        StringBuilder end = new StringBuilder(tail);
        for (int i = parts.size() - 1; i >= 0 && end.length() < tail; i--) {
            end.insert(0, '\n');
            String part = parts.get(i);
            int take = Math.min(part.length(), tail - end.length());
            end.insert(0, part, part.length() - take, part.length());
        }
        if (end.length() > tail) {
            end.delete(0, end.length() - tail);
        }
        return start + "\n" + end;
    }

    /** The classifier's excerpt of a long text: its head and tail. */
    private static String excerpt(String text) {
        int head = TaskClassifier.HEAD;
        int tail = TaskClassifier.TAIL;
        return text.length() <= head + tail ? text : text.substring(0, head) + "\n" + text.substring(text.length() - tail);
    }

    /**
     * The words of a content value in any of the vendors' shapes: a string, or an array of parts whose text is under
     * {@code text} (chat {@code text}, Anthropic {@code text} blocks, Responses {@code input_text}); other parts
     * (images, tool results) carry no instructions. At most {@code limit} characters are read: the classifier tells a
     * long system prompt by its length past its short limit, and reads only its start.
     */
    private static String text(JsonNode content, int limit) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isString()) {
            String text = content.asString();
            return text.length() > limit ? text.substring(0, limit) : text;
        }
        StringBuilder text = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode part : content) {
                if (text.length() >= limit) {
                    break;
                }
                String type = part.path("type").asString("text");
                JsonNode value = part.get("text");
                if ((type.equals("text") || type.equals("input_text")) && value != null && value.isString()) {
                    text.append(value.asString()).append('\n');
                }
            }
        }
        return text.length() > limit ? text.substring(0, limit) : text.toString();
    }
}
