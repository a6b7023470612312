package dev.aurelis.webhooks.events;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An event in the CloudEvents 1.0 JSON format, structured mode (the whole event is the body, sent as
 * {@code application/cloudevents+json}): the required attributes {@code specversion}, {@code id}, {@code source}
 * and {@code type}, with {@code subject}, {@code time}, {@code datacontenttype} and the event's {@code data}.
 */
public final class CloudEvents {

    public static final String CONTENT_TYPE = "application/cloudevents+json";

    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    private CloudEvents() {
    }

    public static String render(WebhookEvent event) {
        ObjectNode body = JSON.createObjectNode()
                .put("specversion", "1.0")
                .put("id", event.id())
                .put("source", "/aurelis/tenants/" + event.tenant().value())
                .put("type", event.type().cloudEventsType());
        if (event.subject() != null) {
            body.put("subject", event.subject());
        }
        body.put("time", event.time().toString()).put("datacontenttype", "application/json");
        body.set("data", JSON.valueToTree(event.data()));
        return JSON.writeValueAsString(body);
    }

    /** An event record's fields as data, snake_case, without the tenant (the source names it). */
    static java.util.Map<String, Object> dataOf(Object record) {
        ObjectNode tree = JSON.valueToTree(record);
        tree.remove("tenant_id");
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> data = JSON.treeToValue(tree, java.util.LinkedHashMap.class);
        return data;
    }
}
