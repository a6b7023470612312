package dev.aurelis.cli;

import java.util.Map;

import picocli.CommandLine.Command;

/** {@code aurelis monitoring}: what the server offers to external monitoring. */
@Command(name = "monitoring", description = "Monitoring: the Grafana dashboard for the server's metrics.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = MonitoringCommand.GrafanaDashboard.class)
final class MonitoringCommand extends CommandGroup {

    @Command(name = "grafana-dashboard", description = {"Print the Grafana dashboard (JSON) to import:",
            "  aurelis monitoring grafana-dashboard > aurelis-dashboard.json"})
    static final class GrafanaDashboard extends ClientCommand {

        @Override
        public Integer call() {
            // the dashboard is JSON whatever -o says: Grafana imports it as it is
            out().println(client().text("/api/v1/monitoring/grafana-dashboard", Map.of(), "application/json"));
            out().flush();
            return 0;
        }
    }
}
