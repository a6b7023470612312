package dev.aurelis.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code aurelis compliance}: evidence reports made from this deployment's configuration and records. */
@Command(name = "compliance",
        description = "Evidence reports for SOC 2, ISO 27001, GDPR, HIPAA and SOX.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {ComplianceCommand.Report.class})
final class ComplianceCommand extends CommandGroup {

    @Command(name = "report",
            description = {"Evaluate a framework's controls for a period: each with pass, fail or not applicable, why,",
                    "and the evidence. Exits 1 when a control fails."},
            footer = {"", "Examples:", "  aurelis compliance report --framework SOC2 --period 2026-Q4",
                    "  aurelis compliance report --framework HIPAA --html > hipaa.html"})
    static final class Report extends ClientCommand {

        @Option(names = "--framework", paramLabel = "NAME",
                description = "SOC2, ISO27001, GDPR, HIPAA or SOX (default: the first the configuration names).")
        String framework;

        @Option(names = "--period", paramLabel = "PERIOD",
                description = "A quarter (2026-Q4), month (2026-11) or year (2026); default: the current quarter.")
        String period;

        @Option(names = "--html", description = "Print the printable HTML page instead.")
        boolean html;

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("framework", framework);
            query.put("period", period);
            if (html) {
                query.put("format", "html");
                out().print(client().text("/api/v1/compliance/report", query, "text/html"));
                out().flush();
                return 0;
            }
            JsonNode report = client().call("GET", "/api/v1/compliance/report", query, null);
            if (json()) {
                printJson(report);
            } else {
                JsonNode summary = report.path("summary");
                out().println(report.path("framework_title").asString() + " evidence report, " + report.path("period")
                        .asString() + ": " + summary.path("pass").asInt() + " pass, " + summary.path("fail").asInt()
                        + " fail, " + summary.path("not_applicable").asInt() + " not applicable");
                out().println();
                Table table = new Table("CONTROL", "STATUS", "WHY");
                for (JsonNode c : report.path("controls")) {
                    table.add(c.path("id").asString(), c.path("status").asString(), c.path("reason").asString());
                }
                table.print(out());
            }
            out().flush();
            return report.path("summary").path("fail").asInt() > 0 ? 1 : 0;
        }
    }
}
