package dev.aurelis.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code aurelis keys}: create, list, revoke and rotate the API keys people use with their assistants. */
@Command(name = "keys",
        description = "Manage API keys.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Show.class, KeysCommand.Revoke.class,
                KeysCommand.Rotate.class})
final class KeysCommand extends CommandGroup {

    private static final String KEYS = "/api/v1/keys";

    @Command(name = "create",
            description = {"Create an API key for a user.", "Prints the key, which is shown only once."},
            footer = {"", "Examples:",
                    "  aurelis keys create --user alice@example.com --team platform --expires 90d",
                    "  aurelis keys create --user ci@example.com --team platform \\",
                    "      --name ci --expires 2026-12-31"})
    static final class Create extends ClientCommand {

        @Option(names = "--user", required = true, paramLabel = "EMAIL", description = "The key's owner.")
        String user;

        @Option(names = "--team", required = true, paramLabel = "TEAM", description = "The team it is billed to.")
        String team;

        @Option(names = "--project", paramLabel = "PROJECT", description = "The project it is billed to.")
        String project;

        @Option(names = "--name", paramLabel = "NAME", description = "A label, such as the machine it is for.")
        String name;

        @Option(names = "--expires", paramLabel = "WHEN", converter = Expiry.Converter.class,
                description = "When it stops working: after a duration (90m, 12h, 30d) or on a date "
                        + "(2026-12-31, midnight UTC). Default: the server's policy.")
        Expiry expires;

        @Option(names = "--role", paramLabel = "ROLE", description = "A role to grant; repeat for several.")
        List<String> roles = new ArrayList<>();

        @Override
        public Integer call() {
            ObjectNode body = AurelisCommand.JSON.createObjectNode();
            body.put("user", user);
            body.put("team", team);
            if (project != null) {
                body.put("project", project);
            }
            if (name != null) {
                body.put("name", name);
            }
            if (expires != null) {
                expires.writeTo(body);
            }
            if (!roles.isEmpty()) {
                ArrayNode array = body.putArray("roles");
                roles.forEach(array::add);
            }
            JsonNode key = client().call("POST", KEYS, Map.of(), body);
            if (json()) {
                printJson(key);
            } else {
                out().println("Created key " + Text.of(key.path("prefix")) + " for " + Text.of(key.path("user"))
                        + " (team " + Text.of(key.path("team")) + ").");
                printNewKey(this, key);
            }
            warnOnce(err());
            return 0;
        }
    }

    @Command(name = "list",
            description = "List API keys: the active ones, or all of them with --all.")
    static final class ListKeys extends ClientCommand {

        @Option(names = "--user", paramLabel = "EMAIL", description = "Only this user's keys.")
        String user;

        @Option(names = "--team", paramLabel = "TEAM", description = "Only this team's keys.")
        String team;

        @Option(names = "--all", description = "Include revoked, expired and rotated keys.")
        boolean all;

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("user", user);
            query.put("team", team);
            query.put("include_revoked", String.valueOf(all));
            JsonNode answer = client().call("GET", KEYS, query, null);
            if (json()) {
                printJson(answer);
                return 0;
            }
            JsonNode keys = answer.path("data");
            if (keys.isEmpty()) {
                out().println(all ? "No keys." : "No active keys (--all shows revoked, expired and rotated ones).");
                out().flush();
                return 0;
            }
            Table table = new Table("ID", "PREFIX", "USER", "TEAM", "PROJECT", "NAME", "STATUS", "CREATED", "EXPIRES");
            for (JsonNode key : keys) {
                table.add(Text.of(key.path("id")), Text.of(key.path("prefix")), Text.of(key.path("user")),
                        Text.of(key.path("team")), Text.of(key.path("project")), Text.of(key.path("name")),
                        status(key), Text.time(key.path("created_at")),
                        Text.absent(key.path("expires_at")) ? "never" : Text.time(key.path("expires_at")));
            }
            table.print(out());
            return 0;
        }

        private static String status(JsonNode key) {
            String status = Text.of(key.path("status"));
            if (status.equals("rotated") && !Text.absent(key.path("grace_until"))) {
                return "rotated, works until " + Text.time(key.path("grace_until"));
            }
            if (status.equals("revoked") && !Text.absent(key.path("revoked_at"))) {
                return "revoked " + Text.time(key.path("revoked_at"));
            }
            return status;
        }
    }

    @Command(name = "show", description = "Show one API key (never its secret): owner, team, status, expiry.")
    static final class Show extends ClientCommand {

        @Parameters(paramLabel = "ID", description = "The key's id, as `aurelis keys list` shows it.")
        String id;

        @Override
        public Integer call() {
            JsonNode key = client().call("GET", apiPath(KEYS, id), Map.of(), null);
            show(key, () -> Render.fields(out(), key));
            return 0;
        }
    }

    @Command(name = "revoke",
            description = "Revoke an API key: it stops working at once.")
    static final class Revoke extends ClientCommand {

        @Parameters(paramLabel = "ID", description = "The key's id, as `aurelis keys list` shows it.")
        String id;

        @Override
        public Integer call() {
            client().call("DELETE", KEYS + "/" + AdminClient.segment(id), Map.of(), null);
            if (json()) {
                ObjectNode result = AurelisCommand.JSON.createObjectNode();
                result.put("id", id);
                result.put("status", "revoked");
                printJson(result);
            } else {
                out().println("Revoked key " + id + ".");
                out().flush();
            }
            return 0;
        }
    }

    @Command(name = "rotate",
            description = {"Replace an API key with a new one; the old one works for a grace period.",
                    "Prints the new key, which is shown only once."})
    static final class Rotate extends ClientCommand {

        @Parameters(paramLabel = "ID", description = "The id of the key to replace.")
        String id;

        @Option(names = "--grace", paramLabel = "DURATION",
                description = "How long the old key keeps working (90m, 24h, 7d; 0m for not at all). "
                        + "Default: the server's policy.")
        String grace;

        @Override
        public Integer call() {
            ObjectNode body = AurelisCommand.JSON.createObjectNode();
            if (grace != null) {
                try {
                    Durations.parse(grace);
                    body.put("grace_period", Durations.canonical(grace));
                } catch (IllegalArgumentException e) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                            "Invalid value for option '--grace': " + e.getMessage());
                }
            }
            JsonNode key = client().call("POST", KEYS + "/" + AdminClient.segment(id) + "/rotate", Map.of(), body);
            if (json()) {
                printJson(key);
            } else {
                out().println("Rotated key " + id + ": its replacement is " + Text.of(key.path("prefix")) + ".");
                printNewKey(this, key);
                if (!Text.absent(key.path("grace_until"))) {
                    out().println("The old key keeps working until " + Text.time(key.path("grace_until")) + " UTC.");
                } else if (grace != null) {
                    out().println("The old key keeps working for " + Durations.canonical(grace) + ".");
                } else {
                    out().println("The old key keeps working for the server's grace period.");
                }
                out().flush();
            }
            warnOnce(err());
            return 0;
        }
    }

    private static void printNewKey(ClientCommand command, JsonNode key) {
        PrintWriter out = command.out();
        out.println();
        out.println("    " + Text.of(key.path("key")));
        out.println();
        out.println("  id       " + Text.of(key.path("id")));
        out.println("  project  " + Text.of(key.path("project")));
        out.println("  name     " + Text.of(key.path("name")));
        out.println("  created  " + Text.time(key.path("created_at")));
        out.println("  expires  " + (Text.absent(key.path("expires_at")) ? "never" : Text.time(key.path("expires_at"))));
        out.flush();
    }

    private static void warnOnce(PrintWriter err) {
        err.println("warning: store this key now; it will not be shown again.");
        err.flush();
    }
}
