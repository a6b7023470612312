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
                String text = text(message.get("content"), Integer.MAX_VALUE);
                if (!text.isBlank()) {
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
                String text = text(item.get("content"), Integer.MAX_VALUE);
                if (!text.isBlank()) {
                    return text;
                }
            }
        }
        return "";
    }

    /**
     * The words of a content value in any of the vendors' shapes: a string, or an array of parts whose text is under
     * {@code text} (chat {@code text}, Anthropic {@code text} blocks, Responses {@code input_text}); other parts
     * (images, tool results) carry no instructions. Parts after the first {@code limit} characters are not read.
     */
    private static String text(JsonNode content, int limit) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isString()) {
            return content.asString();
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
        return text.toString();
    }
}
