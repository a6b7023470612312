package dev.aurelis.workflows.execution;

import dev.aurelis.workflows.definitions.Severity;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what a model answered a review step: the JSON object the instructions ask for, found even when the model
 * wraps it in prose or a code fence. An answer without one is refused with the reason, never guessed at.
 */
final class ModelOutput {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ModelOutput() {
    }

    /** The assistant's text of an OpenAI chat completion. */
    static String assistantText(JsonNode completion) {
        JsonNode content = completion.path("choices").path(0).path("message").path("content");
        if (!content.isString()) {
            throw new IllegalArgumentException("the model's answer holds no text");
        }
        return content.asString();
    }

    static JsonNode object(String text) {
        int start = text.indexOf('{');
        int end = text.lastIndexOf('}');
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("the model did not answer with a JSON object");
        }
        try {
            JsonNode node = JSON.readTree(text.substring(start, end + 1));
            if (!node.isObject()) {
                throw new IllegalArgumentException("the model did not answer with a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the model's JSON could not be read: " + e.getOriginalMessage());
        }
    }

    static List<Finding> findings(String step, JsonNode answer) {
        JsonNode list = answer.path("findings");
        if (!list.isArray()) {
            throw new IllegalArgumentException("the model's answer has no \"findings\" list");
        }
        List<Finding> findings = new ArrayList<>();
        for (JsonNode item : list) {
            String message = text(item, "message");
            if (message == null) {
                continue; // a finding that says nothing cannot be shown
            }
            findings.add(new Finding(step, text(item, "file"), Math.max(0, item.path("line").asInt(0)),
                    Severity.of(text(item, "severity")), text(item, "title"), message));
        }
        return findings;
    }

    static String summary(JsonNode answer) {
        String summary = text(answer, "summary");
        if (summary == null) {
            throw new IllegalArgumentException("the model's answer has no \"summary\"");
        }
        return summary;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isNull() || value.isMissingNode()) {
            return null;
        }
        String text = value.asString().strip();
        return text.isEmpty() ? null : text;
    }
}
