package dev.aurelis.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** {@code aurelis report}: reports the server computes from the ledger. */
@Command(name = "report",
        description = "Print reports computed from the usage ledger.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {ReportCommand.Cost.class, ReportCommand.Reconcile.class})
final class ReportCommand extends CommandGroup {

    @Command(name = "cost",
            description = {"Cost of a month broken down by a dimension, with a month-end projection and",
                    "suggestions where a cheaper model served the same kind of request without errors."},
            footer = {"", "Examples:",
                    "  aurelis report cost --period 2026-11 --breakdown team",
                    "  aurelis report cost --breakdown model --csv > cost.csv"})
    static final class Cost extends ClientCommand {

        @Option(names = "--period", paramLabel = "MONTH",
                description = "The month, e.g. 2026-11, or current or previous (default: current).")
        String period;

        @Option(names = "--breakdown", paramLabel = "DIMENSION", description = "department (default), team, user, "
                + "model, provider, cost_center or project.")
        String breakdown;

        @Option(names = "--csv", description = "Print CSV (the same as the API's format=csv).")
        boolean csv;

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("period", period);
            query.put("breakdown", breakdown == null ? null : breakdown.strip().replace('-', '_'));
            JsonNode report = client().call("GET", "/api/v1/reports/cost", query, null);
            if (json()) {
                printJson(report);
                return 0;
            }
            if (csv) {
                printCsv(report);
                return 0;
            }
            String dimension = report.path("breakdown").asString();
            String currency = report.path("currency").asString();
            out().println("Cost of " + report.path("period").asString() + " by " + dimension.replace('_', ' ') + " ("
                    + currency + ")");
            out().println();
            Table table = new Table(dimension.replace('_', ' ').toUpperCase(java.util.Locale.ROOT), "REQUESTS", "INPUT",
                    "OUTPUT", "COST", "SHARE", "PROJECTED", "UNPRICED").alignRight(1, 2, 3, 4, 5, 6, 7);
            for (JsonNode group : report.path("groups")) {
                table.add(Text.absent(group.path("key")) ? "(none)" : Text.of(group.path("key")),
                        Text.count(group.path("requests")), Text.count(group.path("input_tokens")),
                        Text.count(group.path("output_tokens")), Text.cost(group.path("cost")), percent(group.path("share")),
                        Text.cost(group.path("projected_cost")), Text.count(group.path("unpriced_requests")));
            }
            JsonNode totals = report.path("totals");
            table.add("total", Text.count(totals.path("requests")), Text.count(totals.path("input_tokens")),
                    Text.count(totals.path("output_tokens")), Text.cost(totals.path("cost")), "100%",
                    Text.cost(totals.path("projected_cost")), Text.count(totals.path("unpriced_requests")));
            table.print(out());
            long unpriced = totals.path("unpriced_requests").asLong(0);
            if (unpriced > 0) {
                out().println();
                out().println("note: the cost leaves out " + String.format(java.util.Locale.ROOT, "%,d", unpriced)
                        + (unpriced == 1 ? " request" : " requests") + " to models without a price ("
                        + String.format(java.util.Locale.ROOT, "%,d", totals.path("unpriced_tokens").asLong(0))
                        + " tokens); the UNPRICED column shows where.");
            }
            JsonNode suggestions = report.path("suggestions");
            if (!suggestions.isEmpty()) {
                out().println();
                out().println("Suggestions:");
                for (JsonNode s : suggestions) {
                    out().println("  - " + s.path("message").asString());
                }
            }
            out().flush();
            return 0;
        }

        private void printCsv(JsonNode report) {
            String dimension = report.path("breakdown").asString();
            out().println(dimension + ",requests,input_tokens,output_tokens,cost,share,projected_cost,unpriced_requests,"
                    + "unpriced_tokens,currency");
            String currency = report.path("currency").asString();
            for (JsonNode g : report.path("groups")) {
                out().println(String.join(",", List.of(csv(Text.absent(g.path("key")) ? "(none)" : g.path("key").asString()),
                        g.path("requests").asString(), g.path("input_tokens").asString(), g.path("output_tokens").asString(),
                        decimal(g.path("cost")), decimal(g.path("share")), decimal(g.path("projected_cost")),
                        g.path("unpriced_requests").asString("0"), g.path("unpriced_tokens").asString("0"), currency)));
            }
            JsonNode t = report.path("totals");
            out().println(String.join(",", List.of("(total)", t.path("requests").asString(), t.path("input_tokens").asString(),
                    t.path("output_tokens").asString(), decimal(t.path("cost")), "1", decimal(t.path("projected_cost")),
                    t.path("unpriced_requests").asString("0"), t.path("unpriced_tokens").asString("0"), currency)));
            out().flush();
        }

        /** A decimal exactly as the server wrote it, in plain notation. */
        private static String decimal(JsonNode value) {
            return Text.absent(value) ? "" : new java.math.BigDecimal(value.asString()).toPlainString();
        }

        private static String csv(String value) {
            return value.contains(",") || value.contains("\"") ? '"' + value.replace("\"", "\"\"") + '"' : value;
        }

        private static String percent(JsonNode share) {
            if (Text.absent(share)) {
                return "-";
            }
            return new java.math.BigDecimal(share.asString()).movePointRight(2).setScale(1, java.math.RoundingMode.HALF_UP)
                    .stripTrailingZeros().toPlainString() + "%";
        }
    }

    @Command(name = "reconcile",
            description = {"Compare the ledger with a provider's own usage report, by UTC day and model, and list",
                    "every difference: OpenAI's Usage API pages (bucket_width=1d, group_by=model), Anthropic's usage",
                    "report (bucket_width=1d, group_by[]=model), or CSV with the same field names."},
            footer = {"", "Examples:",
                    "  aurelis report reconcile --provider openai --file usage-2026-11.json",
                    "  aurelis report reconcile --provider anthropic --file usage-export.csv"})
    static final class Reconcile extends ClientCommand {

        @Option(names = "--provider", required = true, paramLabel = "TYPE", description = "openai or anthropic.")
        String provider;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The provider's report (JSON or CSV).")
        java.nio.file.Path file;

        @Override
        public Integer call() {
            String text;
            try {
                text = java.nio.file.Files.readString(file);
            } catch (java.io.IOException e) {
                throw new CliException("Cannot read " + file + ": " + e.getMessage());
            }
            JsonNode body;
            try {
                body = tools.jackson.databind.json.JsonMapper.builder().build().readTree(text);
            } catch (JacksonException notJson) {
                body = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("csv", text);
            }
            JsonNode report = client().call("POST", "/api/v1/reports/reconcile", Map.of("provider", provider), body);
            if (json()) {
                printJson(report);
                return 0;
            }
            out().println("Ledger against " + report.path("provider").asString() + "'s report, "
                    + report.path("from").asString() + " to " + report.path("to").asString() + " (UTC days)");
            out().println();
            Table table = new Table("DAY", "MODEL", "REQUESTS", "INPUT", "CACHED", "OUTPUT", "PROVIDER REQUESTS",
                    "PROVIDER INPUT", "PROVIDER CACHED", "PROVIDER OUTPUT", "").alignRight(2, 3, 4, 5, 6, 7, 8, 9);
            for (JsonNode line : report.path("lines")) {
                JsonNode ours = line.path("ledger");
                JsonNode theirs = line.path("provider");
                table.add(line.path("day").asString(), line.path("model").asString(), Text.count(ours.path("requests")),
                        Text.count(ours.path("input_tokens")), Text.count(ours.path("cached_tokens")),
                        Text.count(ours.path("output_tokens")), Text.count(theirs.path("requests")),
                        Text.count(theirs.path("input_tokens")), Text.count(theirs.path("cached_tokens")),
                        Text.count(theirs.path("output_tokens")), line.path("matches").asBoolean() ? "ok" : "DIFFERS");
            }
            table.print(out());
            int differences = report.path("differences").asInt();
            out().println();
            out().println(differences == 0 ? "Every line agrees." : differences + (differences == 1 ? " line differs." : " lines differ."));
            out().flush();
            return differences == 0 ? 0 : 3;
        }
    }
}
