package dev.aurelis.workflows.webhooks;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a webhook endpoint answers, quickly and in JSON: the admin API's error shape for a refusal, and for an
 * accepted delivery what it led to (the code hosts show it in their delivery logs).
 */
public final class WebhookAnswer {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private WebhookAnswer() {
    }

    public static void error(HttpServletResponse response, int status, String type, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", message).put("type", type);
        write(response, status, body);
    }

    public static void ignored(HttpServletResponse response, String reason) throws IOException {
        write(response, 202, JSON.createObjectNode().put("status", "ignored").put("reason", reason));
    }

    public static void duplicate(HttpServletResponse response) throws IOException {
        write(response, 200, JSON.createObjectNode().put("status", "duplicate")
                .put("reason", "this delivery was received before"));
    }

    public static void accepted(HttpServletResponse response, List<UUID> runs) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("status", runs.isEmpty() ? "ignored" : "accepted");
        if (runs.isEmpty()) {
            body.put("reason", "no workflow of the repository runs on this event");
        }
        runs.forEach(id -> body.withArray("runs").add(id.toString()));
        write(response, 202, body);
    }

    public static void ok(HttpServletResponse response, String status) throws IOException {
        write(response, 200, JSON.createObjectNode().put("status", status));
    }

    private static void write(HttpServletResponse response, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
