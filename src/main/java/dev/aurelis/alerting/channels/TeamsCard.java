package dev.aurelis.alerting.channels;

import dev.aurelis.alerting.Notice;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A notice as what a Microsoft Teams workflow ("post to a channel when a webhook request is received") accepts: a
 * {@code message} with one Adaptive Card attachment holding the title, the text, the facts as a FactSet and a link
 * to the alert.
 */
final class TeamsCard {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TeamsCard() {
    }

    static String render(Notice notice) {
        ObjectNode message = JSON.createObjectNode().put("type", "message");
        ObjectNode attachment = message.putArray("attachments").addObject()
                .put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content")
                .put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json")
                .put("type", "AdaptiveCard").put("version", "1.4");
        ArrayNode body = card.putArray("body");
        body.addObject().put("type", "TextBlock").put("size", "Medium").put("weight", "Bolder").put("wrap", true)
                .put("color", color(notice)).put("text", Texts.headline(notice));
        if (!notice.text().isEmpty()) {
            body.addObject().put("type", "TextBlock").put("wrap", true).put("text", notice.text());
        }
        if (!notice.facts().isEmpty()) {
            ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
            notice.facts().forEach((title, value) -> facts.addObject().put("title", title).put("value", value));
        }
        if (notice.link() != null) {
            card.putArray("actions").addObject().put("type", "Action.OpenUrl").put("title", "Open in Aurelis")
                    .put("url", notice.link());
        }
        return JSON.writeValueAsString(message);
    }

    private static String color(Notice notice) {
        if (notice.kind() == Notice.Kind.RESOLVED) {
            return "Good";
        }
        return switch (notice.severity()) {
            case "critical", "error" -> "Attention";
            case "warning" -> "Warning";
            default -> "Default";
        };
    }
}
