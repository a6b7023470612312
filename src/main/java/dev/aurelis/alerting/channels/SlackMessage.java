package dev.aurelis.alerting.channels;

import dev.aurelis.alerting.Notice;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A notice as a Slack incoming-webhook message: {@code text} (the notification's fallback) and Block Kit blocks: a
 * header, a section with the text, a section of up to ten fields, and a button to the alert when there is a link.
 */
final class SlackMessage {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SlackMessage() {
    }

    static String render(Notice notice) {
        String headline = Texts.headline(notice);
        ObjectNode message = JSON.createObjectNode();
        message.put("text", Texts.cut(headline + (notice.text().isEmpty() ? "" : ": " + notice.text()), 3000));
        ArrayNode blocks = message.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", Texts.cut(headline, 150));
        if (!notice.text().isEmpty()) {
            ObjectNode section = blocks.addObject().put("type", "section");
            section.putObject("text").put("type", "mrkdwn").put("text", Texts.cut(Texts.slack(notice.text()), 3000));
        }
        if (!notice.facts().isEmpty()) {
            ObjectNode section = blocks.addObject().put("type", "section");
            ArrayNode fields = section.putArray("fields");
            notice.facts().entrySet().stream().limit(10).forEach(fact -> fields.addObject().put("type", "mrkdwn")
                    .put("text", Texts.cut("*" + Texts.slack(fact.getKey()) + "*\n" + Texts.slack(fact.getValue()), 2000)));
        }
        if (notice.link() != null) {
            ObjectNode actions = blocks.addObject().put("type", "actions");
            ObjectNode button = actions.putArray("elements").addObject().put("type", "button");
            button.putObject("text").put("type", "plain_text").put("text", "Open in Aurelis");
            button.put("url", notice.link());
        }
        return JSON.writeValueAsString(message);
    }
}
