package dev.aurelis.cli;

import java.util.Map;

import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code aurelis providers}: how the upstream model deployments are doing, as the router sees them. */
@Command(name = "providers", description = "Upstream providers: the health of each model deployment.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = ProvidersCommand.Health.class)
final class ProvidersCommand extends CommandGroup {

    @Command(name = "health", description = "Each deployment's state, circuit breaker, error rate and last error.")
    static final class Health extends ClientCommand {

        @Override
        public Integer call() {
            JsonNode answer = client().call("GET", "/api/v1/providers/health", Map.of(), null);
            show(answer, () -> {
                out().println("Routing strategy: " + Text.of(answer.path("strategy"))
                        + (Text.absent(answer.path("auto_model")) ? "" : ", auto model: " + Text.of(answer.path("auto_model"))));
                Render.rows(out(), answer.path("deployments"), "No deployments.", "deployment", "provider", "model",
                        "state", "breaker", "error_rate", "window_calls", "last_error");
            });
            return 0;
        }
    }
}
