package dev.aurelis.cli;

import java.util.Map;

import picocli.CommandLine.Command;

/** {@code aurelis system}: facts about the running server's build. */
@Command(name = "system", description = "The running server's build: its software bill of materials.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = SystemCommand.Sbom.class)
final class SystemCommand extends CommandGroup {

    @Command(name = "sbom", description = {"Print the server's CycloneDX SBOM (JSON), for scanners:",
            "  aurelis system sbom > aurelis.cdx.json"})
    static final class Sbom extends ClientCommand {

        @Override
        public Integer call() {
            // the document is JSON whatever -o says: it is meant for tools, not for reading
            out().println(client().text("/api/v1/system/sbom", Map.of(), "application/vnd.cyclonedx+json, application/json"));
            out().flush();
            return 0;
        }
    }
}
