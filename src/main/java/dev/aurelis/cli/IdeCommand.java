package dev.aurelis.cli;

import java.util.Map;

import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code aurelis ide}: how to point IDE assistants at this server ({@code integrations.ide_integration}). */
@Command(name = "ide", description = "IDE assistants: the settings that point them at this server.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = IdeCommand.Setup.class)
final class IdeCommand extends CommandGroup {

    @Command(name = "setup", description = "For each IDE family allowed, the settings to paste into its assistants; "
            + "the families the gateway refuses are named with the flag that allows them.")
    static final class Setup extends ClientCommand {

        @Override
        public Integer call() {
            JsonNode answer = client().call("GET", "/api/v1/ide/setup", Map.of(), null);
            show(answer, () -> {
                for (JsonNode family : answer.path("families")) {
                    out().println("== " + Text.of(family.path("ide")) + " (" + Text.of(family.path("setting")) + ")");
                    for (JsonNode assistant : family.path("assistants")) {
                        out().println("-- " + Text.of(assistant.path("name")) + ": " + Text.of(assistant.path("where")));
                        out().println(assistant.path("settings").asString());
                        out().println();
                    }
                }
                for (JsonNode refused : answer.path("refused")) {
                    out().println("Refused by the gateway: " + refused.asString() + " is false.");
                }
            });
            return 0;
        }
    }
}
