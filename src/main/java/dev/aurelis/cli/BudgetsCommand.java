package dev.aurelis.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code aurelis budgets}: budgets with their current spend, setting and deleting them, the thresholds crossed. */
@Command(name = "budgets",
        description = "Budgets: list them with their spend, set or delete one, list the thresholds they crossed.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {BudgetsCommand.ListBudgets.class, BudgetsCommand.Show.class, BudgetsCommand.Set.class,
                BudgetsCommand.Delete.class, BudgetsCommand.Events.class})
final class BudgetsCommand extends CommandGroup {

    private static final String BUDGETS = "/api/v1/budgets";

    @Command(name = "list", description = "List the budgets within your reach, with this period's spend.")
    static final class ListBudgets extends ClientCommand {

        @Override
        public Integer call() {
            JsonNode answer = client().call("GET", BUDGETS, Map.of(), null);
            if (json()) {
                printJson(answer);
                return 0;
            }
            if (answer.path("budgets").isEmpty()) {
                out().println("No budgets.");
                out().flush();
                return 0;
            }
            Table table = new Table("ID", "SCOPE", "SUBJECT", "PERIOD", "LIMIT", "SPENT", "ENFORCEMENT", "SOURCE");
            for (JsonNode b : answer.path("budgets")) {
                table.add(Text.of(b.path("id")), Text.of(b.path("scope")), Text.of(b.path("subject")),
                        Text.of(b.path("period")), Text.of(b.path("limit")), Text.of(b.path("current").path("spent")),
                        Text.of(b.path("enforcement")), Text.of(b.path("source")));
            }
            table.print(out());
            out().flush();
            return 0;
        }
    }

    @Command(name = "show", description = "Show one budget with its current period.")
    static final class Show extends ClientCommand {

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            printJson(client().call("GET", BUDGETS + "/" + AdminClient.segment(id), Map.of(), null));
            return 0;
        }
    }

    @Command(name = "set", description = "Create a budget, or change the one with the same scope, subject and period.",
            footer = {"", "Examples:",
                    "  aurelis budgets set --scope team --subject platform --period monthly --limit 2000 --threshold 0.8",
                    "  aurelis budgets set --scope user --subject alice@example.com --period daily --limit 25 --hard"})
    static final class Set extends ClientCommand {

        @Option(names = "--scope", required = true, paramLabel = "SCOPE",
                description = "organization, department, team, user, api_key, project or cost_center.")
        String scope;

        @Option(names = "--subject", paramLabel = "WHO",
                description = "The team, e-mail, department… the budget is for (none for the organisation).")
        String subject;

        @Option(names = "--period", required = true, paramLabel = "PERIOD",
                description = "daily, weekly, monthly, quarterly or yearly.")
        String period;

        @Option(names = "--limit", required = true, paramLabel = "AMOUNT", description = "The most to spend per period.")
        BigDecimal limit;

        @Option(names = "--threshold", paramLabel = "FRACTION",
                description = "A fraction of the limit that raises an event, e.g. 0.8; repeat for several.")
        List<BigDecimal> thresholds = new ArrayList<>();

        @Option(names = "--provider", paramLabel = "NAME", description = "Count only these providers; repeat for several.")
        List<String> providers = new ArrayList<>();

        @Option(names = "--hard", description = "Refuse requests once the limit is reached.")
        boolean hard;

        @Override
        public Integer call() {
            ObjectNode body = AurelisCommand.JSON.createObjectNode().put("scope", scope).put("period", period)
                    .put("limit", limit);
            if (subject != null) {
                body.put("subject", subject);
            }
            if (!thresholds.isEmpty()) {
                ArrayNode list = body.putArray("thresholds");
                thresholds.forEach(list::add);
            }
            if (!providers.isEmpty()) {
                ArrayNode list = body.putArray("providers");
                providers.forEach(list::add);
            }
            if (hard) {
                body.put("hard_limit", true);
            }
            JsonNode saved = client().call("POST", BUDGETS, Map.of(), body);
            if (json()) {
                printJson(saved);
            } else {
                out().println("Budget " + Text.of(saved.path("id")) + ": " + Text.of(saved.path("description")) + ".");
                out().flush();
            }
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a budget.")
    static final class Delete extends ClientCommand {

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            client().call("DELETE", BUDGETS + "/" + AdminClient.segment(id), Map.of(), null);
            out().println("Deleted budget " + id + ".");
            out().flush();
            return 0;
        }
    }

    @Command(name = "events", description = "The thresholds budgets crossed, newest first.")
    static final class Events extends ClientCommand {

        @Option(names = "--since", paramLabel = "WHEN", description = "A date, an instant, or how long ago: 24h, 7d.")
        String since;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most this many (1 to 1000).")
        int limit;

        @Override
        public Integer call() {
            Map<String, String> query = new java.util.LinkedHashMap<>();
            query.put("limit", String.valueOf(limit));
            if (since != null) {
                query.put("since", since);
            }
            JsonNode answer = client().call("GET", BUDGETS + "/events", query, null);
            if (json()) {
                printJson(answer);
                return 0;
            }
            if (answer.path("events").isEmpty()) {
                out().println("No thresholds crossed.");
                out().flush();
                return 0;
            }
            Table table = new Table("WHEN", "BUDGET", "THRESHOLD", "SPENT", "LIMIT", "DESCRIPTION");
            for (JsonNode e : answer.path("events")) {
                table.add(Text.time(e.path("occurred_at")), Text.of(e.path("budget_id")), Text.of(e.path("threshold")),
                        Text.of(e.path("spent")), Text.of(e.path("limit")), Text.of(e.path("description")));
            }
            table.print(out());
            out().flush();
            return 0;
        }
    }
}
