package dev.aurelis.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code aurelis audit}: read, verify and export the audit trail. */
@Command(name = "audit",
        description = "Read, verify and export the tamper-evident audit trail.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class, AuditCommand.List.class})
final class AuditCommand extends CommandGroup {

    @Command(name = "verify",
            description = {"Recompute the chain of entries and check every signed checkpoint; exits 1 and names the",
                    "first broken entry when an entry was edited, removed or reordered."},
            footer = {"", "Examples:", "  aurelis audit verify", "  aurelis audit verify --from 120000"})
    static final class Verify extends ClientCommand {

        @Option(names = "--from", paramLabel = "SEQ", description = "Start at this entry number (default: the first).")
        Long from;

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("from_seq", from == null ? null : from.toString());
            JsonNode answer = client().call("GET", "/api/v1/audit/verify", query, null);
            if (json()) {
                printJson(answer);
            } else if (answer.path("valid").asBoolean(false)) {
                out().println("The audit trail is intact: entries " + answer.path("from_seq").asLong() + " to "
                        + answer.path("to_seq").asLong() + " (" + answer.path("entries_checked").asLong()
                        + " checked), " + answer.path("checkpoints_verified").asInt() + " signed checkpoints verified.");
            } else {
                JsonNode broken = answer.path("first_broken");
                out().println("The audit trail is BROKEN at entry " + broken.path("seq").asLong() + ": "
                        + broken.path("problem").asString());
            }
            out().flush();
            return answer.path("valid").asBoolean(false) ? 0 : 1;
        }
    }

    @Command(name = "export",
            description = "Write the entries as JSON lines, CSV or Splunk HEC event JSON to standard output.",
            footer = {"", "Examples:", "  aurelis audit export --format csv --from 2026-10-01 > audit.csv",
                    "  aurelis audit export --format splunk --category sign_in"})
    static final class Export extends ClientCommand {

        @Option(names = "--format", paramLabel = "FORMAT", description = "jsonl (default), csv or splunk.")
        String format = "jsonl";

        @Option(names = "--from", paramLabel = "TIME", description = "Entries from this date or timestamp (inclusive).")
        String from;

        @Option(names = "--to", paramLabel = "TIME", description = "Entries before this date or timestamp.")
        String to;

        @Option(names = "--category", paramLabel = "CATEGORY", description = "admin, sign_in, access, spend, exchange…")
        String category;

        @Option(names = "--action", paramLabel = "ACTION", description = "e.g. key.issued, or key.* for a family.")
        String action;

        @Option(names = "--actor", paramLabel = "ACTOR", description = "Only entries by this actor.")
        String actor;

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("format", format);
            query.put("from", from);
            query.put("to", to);
            query.put("category", category);
            query.put("action", action);
            query.put("actor", actor);
            out().print(client().text("/api/v1/audit/export", query, "*/*"));
            out().flush();
            return 0;
        }
    }

    @Command(name = "list", description = "Show recent entries, newest first.",
            footer = {"", "Examples:", "  aurelis audit list --action sign_in.failed --limit 20"})
    static final class List extends ClientCommand {

        @Option(names = "--category", paramLabel = "CATEGORY", description = "admin, sign_in, access, spend, exchange…")
        String category;

        @Option(names = "--action", paramLabel = "ACTION", description = "e.g. key.issued, or key.* for a family.")
        String action;

        @Option(names = "--actor", paramLabel = "ACTOR", description = "Only entries by this actor.")
        String actor;

        @Option(names = "--limit", paramLabel = "N", description = "At most N entries (default 50).")
        int limit = 50;

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("category", category);
            query.put("action", action);
            query.put("actor", actor);
            query.put("limit", Integer.toString(limit));
            JsonNode answer = client().call("GET", "/api/v1/audit", query, null);
            if (json()) {
                printJson(answer);
                return 0;
            }
            Table table = new Table("SEQ", "TIME", "ACTION", "ACTOR", "TARGET", "OUTCOME").alignRight(0);
            for (JsonNode e : answer.path("entries")) {
                table.add(Text.of(e.path("seq")), Text.of(e.path("occurred_at")), Text.of(e.path("action")),
                        Text.of(e.path("actor")), Text.of(e.path("target")), Text.of(e.path("outcome")));
            }
            table.print(out());
            out().flush();
            return 0;
        }
    }
}
