package dev.aurelis.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code aurelis teams}: the teams, their roles and the models they may use. */
@Command(name = "teams",
        description = "Teams: list them with their roles and models; set which models a team may use.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {TeamsCommand.ListTeams.class, TeamsCommand.Models.class})
final class TeamsCommand extends CommandGroup {

    @Command(name = "list", description = "List the teams.")
    static final class ListTeams extends ClientCommand {

        @Override
        public Integer call() {
            JsonNode answer = client().call("GET", "/api/v1/teams", Map.of(), null);
            show(answer, () -> Render.rows(out(), answer.path("data"), "No teams.", "name", "department",
                    "cost_center", "members", "roles", "models"));
            return 0;
        }
    }

    @Command(name = "models", description = "Set the models a team may use (replaces the list).",
            footer = {"", "Example:", "  aurelis teams models platform --model gpt-4o --model claude-sonnet-4-5"})
    static final class Models extends ClientCommand {

        @Parameters(paramLabel = "TEAM")
        String team;

        @Option(names = "--model", paramLabel = "MODEL", description = "A model; repeat for several.")
        List<String> models = new ArrayList<>();

        @Option(names = "--every-model", description = "Lift the restriction: the team may use every model.")
        boolean everyModel;

        @Override
        public Integer call() {
            if (models.isEmpty() == !everyModel) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "Give the models with --model (repeat for several), or --every-model.");
            }
            ObjectNode body = AurelisCommand.JSON.createObjectNode();
            models.forEach(body.putArray("models")::add);
            JsonNode answer = client().call("PUT", apiPath("/api/v1/teams", team) + "/models", Map.of(), body);
            show(answer, () -> out().println("Team " + Text.of(answer.path("name")) + " may use: "
                    + (answer.path("models").isEmpty() ? "every model" : Render.cell(answer.path("models"))) + "."));
            return 0;
        }
    }
}
