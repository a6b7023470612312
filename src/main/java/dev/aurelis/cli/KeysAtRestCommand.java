package dev.aurelis.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code aurelis keys-at-rest}: the keys that seal secrets stored in the database. */
@Command(name = "keys-at-rest",
        description = "Show or rotate the keys that seal secrets at rest (envelope encryption, AES-256-GCM).",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {KeysAtRestCommand.Status.class, KeysAtRestCommand.Rotate.class})
final class KeysAtRestCommand extends CommandGroup {

    private static final String PATH = "/api/v1/privacy/keys";

    static void print(ClientCommand command, JsonNode status) {
        command.out().println("Key manager " + Text.of(status.path("key_manager")) + ", key-encryption key "
                + Text.of(status.path("current_key_encryption_key")) + "; data key "
                + Text.of(status.path("active_data_key")) + " seals new values; next rotation "
                + Text.time(status.path("next_rotation")) + " UTC (every "
                + Text.of(status.path("key_rotation_days")) + " days).");
        Table table = new Table("DATA KEY", "WRAPPED BY", "CREATED", "RETIRED");
        status.path("data_keys").forEach(k -> table.add(Text.of(k.path("id")), Text.of(k.path("wrapped_by")),
                Text.time(k.path("created_at")), Text.time(k.path("retired_at"))));
        table.print(command.out());
    }

    @Command(name = "status", description = "The key manager, the current key-encryption key and every data key.")
    static final class Status extends ClientCommand {
        @Override
        public Integer call() {
            JsonNode status = client().call("GET", PATH, Map.of(), null);
            if (json()) {
                printJson(status);
            } else {
                print(this, status);
            }
            out().flush();
            return 0;
        }
    }

    @Command(name = "rotate",
            description = {"Rotate now: a new key-encryption key and data key for new values; existing data keys",
                    "are re-wrapped under the new key-encryption key, so everything sealed before still opens."})
    static final class Rotate extends ClientCommand {
        @Override
        public Integer call() {
            JsonNode status = client().call("POST", PATH + "/rotate", Map.of(), null);
            if (json()) {
                printJson(status);
            } else {
                out().println("Rotated.");
                print(this, status);
            }
            out().flush();
            return 0;
        }
    }
}
