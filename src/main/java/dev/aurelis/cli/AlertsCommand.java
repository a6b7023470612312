package dev.aurelis.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code aurelis alerts}: the alerts the rules raised, acknowledging and resolving them, silences, the rules. */
@Command(name = "alerts",
        description = "Alerts: list, raise, acknowledge and resolve them; silence rules or groups; list the rules.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {AlertsCommand.ListAlerts.class, AlertsCommand.Raise.class, AlertsCommand.Acknowledge.class,
                AlertsCommand.Resolve.class, AlertsCommand.Silences.class, AlertsCommand.Silence.class,
                AlertsCommand.Unsilence.class, AlertsCommand.Rules.class})
final class AlertsCommand extends CommandGroup {

    static final String ALERTS = "/api/v1/alerts";

    private static void alertTable(ClientCommand command, JsonNode alerts) {
        Render.rows(command.out(), alerts, "No alerts.", "id", "state", "severity", "rule", "group", "summary",
                "fired_at", "acknowledged_by");
    }

    @Command(name = "list", description = "List alerts, newest first.")
    static final class ListAlerts extends ClientCommand {

        @Option(names = "--state", paramLabel = "STATE", description = "Only alerts in this state (pending, firing, resolved).")
        String state;

        @Option(names = "--limit", paramLabel = "N", description = "At most this many (1-1000, default 100).")
        Integer limit;

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("state", state);
            query.put("limit", limit == null ? null : String.valueOf(limit));
            JsonNode answer = client().call("GET", ALERTS, query, null);
            show(answer, () -> alertTable(this, answer.path("alerts")));
            return 0;
        }
    }

    @Command(name = "raise", description = "Raise an alert by hand; it notifies through the given actions.",
            footer = {"", "Example:", "  aurelis alerts raise --summary 'Provider outage' --severity critical --action email"})
    static final class Raise extends ClientCommand {

        @Option(names = "--summary", required = true, paramLabel = "TEXT", description = "What is wrong.")
        String summary;

        @Option(names = "--severity", paramLabel = "LEVEL", description = "info, warning or critical.")
        String severity;

        @Option(names = "--group", paramLabel = "GROUP", description = "What it is about, such as team=platform.")
        String group;

        @Option(names = "--action", paramLabel = "ACTION", description = "A notification action; repeat for several.")
        List<String> actions = new ArrayList<>();

        @Override
        public Integer call() {
            ObjectNode body = AurelisCommand.JSON.createObjectNode().put("summary", summary);
            if (severity != null) {
                body.put("severity", severity);
            }
            if (group != null) {
                body.put("group", group);
            }
            if (!actions.isEmpty()) {
                actions.forEach(body.putArray("actions")::add);
            }
            JsonNode alert = client().call("POST", ALERTS, Map.of(), body);
            show(alert, () -> out().println("Raised alert " + Text.of(alert.path("id")) + " ("
                    + Text.of(alert.path("state")) + ")."));
            return 0;
        }
    }

    /** Acknowledging and resolving differ only in the path and the sentence. */
    abstract static class Settle extends ClientCommand {

        @Parameters(paramLabel = "ID", description = "The alert's id, as `aurelis alerts list` shows it.")
        String id;

        abstract String action();

        abstract String done();

        @Override
        public Integer call() {
            JsonNode alert = client().call("POST", apiPath(ALERTS, id) + "/" + action(), Map.of(),
                    AurelisCommand.JSON.createObjectNode());
            show(alert, () -> out().println(done() + " alert " + id + " (now " + Text.of(alert.path("state")) + ")."));
            return 0;
        }
    }

    @Command(name = "ack", aliases = "acknowledge", description = "Acknowledge an alert: someone is on it.")
    static final class Acknowledge extends Settle {
        @Override
        String action() {
            return "acknowledge";
        }

        @Override
        String done() {
            return "Acknowledged";
        }
    }

    @Command(name = "resolve", description = "Resolve an alert by hand.")
    static final class Resolve extends Settle {
        @Override
        String action() {
            return "resolve";
        }

        @Override
        String done() {
            return "Resolved";
        }
    }

    @Command(name = "silences", description = "The silences in force.",
            synopsisSubcommandLabel = "COMMAND",
            commandListHeading = "%nCommands:%n",
            subcommands = Silences.ListSilences.class)
    static final class Silences extends CommandGroup {

        @Command(name = "list", description = "List the silences in force.")
        static final class ListSilences extends ClientCommand {

            @Override
            public Integer call() {
                JsonNode answer = client().call("GET", ALERTS + "/silences", Map.of(), null);
                show(answer, () -> Render.rows(out(), answer.path("silences"), "No silences.", "id", "rule", "group",
                        "starts_at", "ends_at", "reason", "created_by"));
                return 0;
            }
        }
    }

    @Command(name = "silence", description = "Silence a rule, a group, or both, for a while: no notifications.",
            footer = {"", "Example:", "  aurelis alerts silence --rule budget_exceeded --group team=platform --for 2h --reason 'known'"})
    static final class Silence extends ClientCommand {

        @Option(names = "--rule", paramLabel = "RULE", description = "The rule to silence (see `alerts rules`).")
        String rule;

        @Option(names = "--group", paramLabel = "GROUP", description = "The group to silence, such as team=platform.")
        String group;

        @Option(names = "--for", required = true, paramLabel = "DURATION", description = "How long (90m, 2h, 1d).")
        String duration;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why.")
        String reason;

        @Override
        public Integer call() {
            ObjectNode body = AurelisCommand.JSON.createObjectNode().put("duration", duration);
            if (rule != null) {
                body.put("rule", rule);
            }
            if (group != null) {
                body.put("group", group);
            }
            if (reason != null) {
                body.put("reason", reason);
            }
            JsonNode silence = client().call("POST", ALERTS + "/silences", Map.of(), body);
            show(silence, () -> out().println("Created silence " + Text.of(silence.path("id")) + " until "
                    + Text.time(silence.path("ends_at")) + " UTC."));
            return 0;
        }
    }

    @Command(name = "unsilence", description = "End a silence now.")
    static final class Unsilence extends ClientCommand {

        @Parameters(paramLabel = "ID", description = "The silence's id, as `aurelis alerts silences list` shows it.")
        String id;

        @Override
        public Integer call() {
            client().call("DELETE", apiPath(ALERTS + "/silences", id), Map.of(), null);
            done(id, "ended", "Ended silence " + id + ".");
            return 0;
        }
    }

    @Command(name = "rules", description = "The alert rules the server evaluates: built in and configured.")
    static final class Rules extends ClientCommand {

        @Override
        public Integer call() {
            JsonNode answer = client().call("GET", ALERTS + "/rules", Map.of(), null);
            show(answer, () -> Render.rows(out(), answer.path("rules"), "No alert rules.", "name", "severity",
                    "condition", "duration", "actions", "source"));
            return 0;
        }
    }
}
