package dev.aurelis.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code aurelis webhooks}: outbound webhook subscriptions, their delivery log and replay. */
@Command(name = "webhooks",
        description = "Outbound webhooks: subscribe endpoints to events, read the delivery log, replay a delivery.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {WebhooksCommand.ListSubscriptions.class, WebhooksCommand.Create.class,
                WebhooksCommand.Show.class, WebhooksCommand.Update.class, WebhooksCommand.Delete.class,
                WebhooksCommand.RotateSecret.class, WebhooksCommand.Deliveries.class, WebhooksCommand.Delivery.class,
                WebhooksCommand.Replay.class,
                WebhooksCommand.EventTypes.class})
final class WebhooksCommand extends CommandGroup {

    private static final String WEBHOOKS = "/api/v1/webhooks";

    @Command(name = "list", description = "List the subscriptions.")
    static final class ListSubscriptions extends ClientCommand {

        @Override
        public Integer call() {
            JsonNode answer = client().call("GET", WEBHOOKS, Map.of(), null);
            if (json()) {
                printJson(answer);
                return 0;
            }
            if (answer.path("subscriptions").isEmpty()) {
                out().println("No webhook subscriptions.");
                out().flush();
                return 0;
            }
            Table table = new Table("ID", "URL", "EVENTS", "ENABLED", "DESCRIPTION");
            for (JsonNode s : answer.path("subscriptions")) {
                table.add(Text.of(s.path("id")), Text.of(s.path("url")), types(s), Text.of(s.path("enabled")),
                        Text.of(s.path("description")));
            }
            table.print(out());
            out().flush();
            return 0;
        }
    }

    @Command(name = "create",
            description = {"Subscribe an endpoint to event types.",
                    "Prints the signing secret (whsec_...), which is shown only once."},
            footer = {"", "Examples:",
                    "  aurelis webhooks create --endpoint https://hooks.example.com/aurelis --event key.issued --event key.revoked",
                    "  aurelis webhooks create --endpoint https://hooks.example.com/all --event '*' --disabled"})
    static final class Create extends ClientCommand {

        @Option(names = "--endpoint", required = true, paramLabel = "URL",
                description = "The http(s) address that receives the messages.")
        String url;

        @Option(names = "--event", required = true, paramLabel = "TYPE",
                description = "An event type (see 'webhooks event-types'), or '*' for all; repeat for several.")
        List<String> events = new ArrayList<>();

        @Option(names = "--description", paramLabel = "TEXT", description = "What it is for.")
        String description;

        @Option(names = "--secret", paramLabel = "WHSEC",
                description = "Your own whsec_ secret (default: a new one is made).")
        String secret;

        @Option(names = "--disabled", description = "Create it paused.")
        boolean disabled;

        @Override
        public Integer call() {
            ObjectNode body = AurelisCommand.JSON.createObjectNode().put("url", url).put("enabled", !disabled);
            ArrayNode types = body.putArray("event_types");
            events.forEach(types::add);
            if (description != null) {
                body.put("description", description);
            }
            if (secret != null) {
                body.put("secret", secret);
            }
            JsonNode made = client().call("POST", WEBHOOKS, Map.of(), body);
            if (json()) {
                printJson(made);
            } else {
                out().println("Created webhook subscription " + Text.of(made.path("subscription").path("id")) + ".");
                out().println("Signing secret (shown only once): " + Text.of(made.path("secret")));
                out().flush();
            }
            return 0;
        }
    }

    @Command(name = "show", description = "Show one subscription.")
    static final class Show extends ClientCommand {

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            printJson(client().call("GET", WEBHOOKS + "/" + AdminClient.segment(id), Map.of(), null));
            return 0;
        }
    }

    @Command(name = "update", description = "Change a subscription's URL, event types, description, or pause it.")
    static final class Update extends ClientCommand {

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--endpoint", paramLabel = "URL", description = "A new address.")
        String url;

        @Option(names = "--event", paramLabel = "TYPE", description = "Replaces the event types; repeat for several.")
        List<String> events = new ArrayList<>();

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        @Option(names = "--enabled", paramLabel = "true|false", description = "Resume (true) or pause (false).")
        Boolean enabled;

        @Override
        public Integer call() {
            ObjectNode body = AurelisCommand.JSON.createObjectNode();
            if (url != null) {
                body.put("url", url);
            }
            if (!events.isEmpty()) {
                ArrayNode types = body.putArray("event_types");
                events.forEach(types::add);
            }
            if (description != null) {
                body.put("description", description);
            }
            if (enabled != null) {
                body.put("enabled", enabled);
            }
            JsonNode changed = client().call("PATCH", WEBHOOKS + "/" + AdminClient.segment(id), Map.of(), body);
            if (json()) {
                printJson(changed);
            } else {
                out().println("Updated webhook subscription " + id + ".");
                out().flush();
            }
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a subscription with its delivery log.")
    static final class Delete extends ClientCommand {

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            client().call("DELETE", WEBHOOKS + "/" + AdminClient.segment(id), Map.of(), null);
            out().println("Deleted webhook subscription " + id + ".");
            out().flush();
            return 0;
        }
    }

    @Command(name = "rotate-secret", description = "Give a subscription a new signing secret, shown only once.")
    static final class RotateSecret extends ClientCommand {

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            JsonNode rotated = client().call("POST", WEBHOOKS + "/" + AdminClient.segment(id) + "/rotate-secret",
                    Map.of(), AurelisCommand.JSON.createObjectNode());
            if (json()) {
                printJson(rotated);
            } else {
                out().println("New signing secret (shown only once): " + Text.of(rotated.path("secret")));
                out().flush();
            }
            return 0;
        }
    }

    @Command(name = "deliveries", description = "The delivery log of a subscription, newest first.")
    static final class Deliveries extends ClientCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "The subscription.")
        String id;

        @Option(names = "--limit", paramLabel = "N", description = "At most this many (default 50).")
        int limit = 50;

        @Override
        public Integer call() {
            JsonNode answer = client().call("GET", WEBHOOKS + "/" + AdminClient.segment(id) + "/deliveries",
                    Map.of("limit", String.valueOf(limit)), null);
            if (json()) {
                printJson(answer);
                return 0;
            }
            Table table = new Table("DELIVERY", "EVENT", "STATUS", "ATTEMPTS", "LAST STATUS", "CREATED", "LAST ERROR");
            for (JsonNode d : answer.path("deliveries")) {
                table.add(Text.of(d.path("id")), Text.of(d.path("event_type")), Text.of(d.path("status")),
                        String.valueOf(d.path("attempts").size()), Text.of(d.path("last_status")),
                        Text.time(d.path("created_at")), Text.of(d.path("last_error")));
            }
            table.print(out());
            out().flush();
            return 0;
        }
    }

    @Command(name = "delivery", description = "One delivery: its message, attempts, statuses and errors.")
    static final class Delivery extends ClientCommand {

        @Parameters(index = "0", paramLabel = "DELIVERY", description = "The delivery's id, as `webhooks deliveries` shows it.")
        String id;

        @Override
        public Integer call() {
            JsonNode delivery = client().call("GET", apiPath(WEBHOOKS + "/deliveries", id), Map.of(), null);
            show(delivery, () -> Render.fields(out(), delivery));
            return 0;
        }
    }

    @Command(name = "replay", description = "Send a delivery's message again (same webhook-id and body).")
    static final class Replay extends ClientCommand {

        @Parameters(index = "0", paramLabel = "DELIVERY")
        String id;

        @Override
        public Integer call() {
            JsonNode replay = client().call("POST", WEBHOOKS + "/deliveries/" + AdminClient.segment(id) + "/replay",
                    Map.of(), AurelisCommand.JSON.createObjectNode());
            if (json()) {
                printJson(replay);
            } else {
                out().println("Replaying as delivery " + Text.of(replay.path("id")) + ".");
                out().flush();
            }
            return 0;
        }
    }

    @Command(name = "event-types", description = "The event types a subscription can ask for.")
    static final class EventTypes extends ClientCommand {

        @Override
        public Integer call() {
            JsonNode answer = client().call("GET", WEBHOOKS + "/event-types", Map.of(), null);
            if (json()) {
                printJson(answer);
                return 0;
            }
            Table table = new Table("TYPE", "CLOUDEVENTS TYPE", "DESCRIPTION");
            answer.path("event_types").forEach(t -> table.add(Text.of(t.path("name")),
                    Text.of(t.path("cloud_events_type")), Text.of(t.path("description"))));
            table.print(out());
            out().flush();
            return 0;
        }
    }

    private static String types(JsonNode subscription) {
        List<String> names = new ArrayList<>();
        subscription.path("event_types").forEach(t -> names.add(t.asString()));
        return String.join(",", names);
    }
}
