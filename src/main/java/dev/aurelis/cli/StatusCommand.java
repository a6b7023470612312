package dev.aurelis.cli;

import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code aurelis status}: whether the server is up ({@code /health}) and ready for traffic ({@code /ready}). */
@Command(name = "status",
        description = "Show whether the server is healthy and ready. Exits 1 when it is not.")
final class StatusCommand extends ClientCommand {

    @Override
    public Integer call() {
        AdminClient client = client();
        AdminClient.Response health = client.get("/health");
        AdminClient.Response ready = client.get("/ready");
        if (json()) {
            ObjectNode result = AurelisCommand.JSON.createObjectNode();
            result.put("url", client.baseUrl());
            result.set("health", describe(client, health));
            result.set("ready", describe(client, ready));
            printJson(result);
        } else {
            out().println("Aurelis at " + client.baseUrl());
            Table table = new Table("CHECK", "STATE", "HTTP").alignRight(2);
            table.add("health", state(client, health), String.valueOf(health.status()));
            table.add("ready", state(client, ready), String.valueOf(ready.status()));
            table.print(out());
        }
        return health.ok() && ready.ok() ? 0 : 1;
    }

    private static ObjectNode describe(AdminClient client, AdminClient.Response response) {
        ObjectNode node = AurelisCommand.JSON.createObjectNode();
        node.put("http_status", response.status());
        node.put("ok", response.ok());
        JsonNode body = client.parseOrMissing(response.body());
        if (!body.isMissingNode()) {
            node.set("body", body);
        }
        return node;
    }

    /** The body's {@code status} (as Spring Boot's health endpoints give it), else up or down by HTTP status. */
    private static String state(AdminClient client, AdminClient.Response response) {
        JsonNode body = client.parseOrMissing(response.body());
        String state = body.path("status").isString() ? body.path("status").asString()
                : response.ok() ? "UP" : "DOWN";
        JsonNode message = body.path("error").path("message");
        return message.isString() ? state + " (" + message.asString() + ")" : state;
    }
}
