package dev.aurelis.alerting.channels;

import dev.aurelis.alerting.Notice;
import java.time.Instant;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A notice as a PagerDuty Events API v2 alert event: {@code trigger} with a payload (summary, source, severity,
 * timestamp, component, group, class, custom details) for a firing alert or a message; {@code acknowledge} or
 * {@code resolve} with only the routing and dedup keys for the rest. The dedup key is the notice's key, so the
 * resolve closes the incident the trigger opened.
 */
final class PagerDutyEvent {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PagerDutyEvent() {
    }

    static String render(Notice notice, Destination destination, String tenant, Instant at) {
        ObjectNode event = JSON.createObjectNode().put("routing_key", destination.routingKey());
        String action = switch (notice.kind()) {
            case RESOLVED -> "resolve";
            case ACKNOWLEDGED -> "acknowledge";
            case FIRING, MESSAGE -> "trigger";
        };
        event.put("event_action", action);
        event.put("dedup_key", Texts.cut(notice.key(), 255));
        if (action.equals("trigger")) {
            ObjectNode payload = event.putObject("payload");
            payload.put("summary", Texts.cut(notice.title() + (notice.text().isEmpty() ? "" : ": " + notice.text()), 1024));
            payload.put("source", "aurelis/" + tenant);
            payload.put("severity", notice.severity());
            payload.put("timestamp", at.toString());
            payload.put("component", "aurelis");
            payload.put("group", tenant);
            payload.put("class", notice.facts().getOrDefault("rule", "notification"));
            ObjectNode details = payload.putObject("custom_details");
            notice.facts().forEach(details::put);
            event.put("client", "Aurelis");
            if (notice.link() != null) {
                event.put("client_url", notice.link());
                event.putArray("links").addObject().put("href", notice.link()).put("text", "Open in Aurelis");
            }
        }
        return JSON.writeValueAsString(event);
    }
}
