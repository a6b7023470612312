package dev.aurelis.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code aurelis privacy}: data-protection requests. */
@Command(name = "privacy",
        description = "Data-protection requests: erase a person everywhere Aurelis keeps them; read a person's consents.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {PrivacyCommand.Erase.class, PrivacyCommand.Consents.class})
final class PrivacyCommand extends CommandGroup {

    @Command(name = "erase",
            description = {"Erase or pseudonymise a person everywhere (user record, keys, sessions, passkeys, ledger",
                    "attribution, analytics, alerts, audit trail) and print the receipt of every store touched.",
                    "Amounts stay in the ledger under a stable pseudonym; the audit trail still verifies."},
            footer = {"", "Examples:", "  aurelis privacy erase jane@example.com",
                    "  aurelis privacy erase 6f1c…-uuid -o json > receipt.json"})
    static final class Erase extends ClientCommand {

        @Parameters(index = "0", paramLabel = "USER", description = "E-mail address, user name or user id.")
        String user;

        @Override
        public Integer call() {
            ObjectNode body = AurelisCommand.JSON.createObjectNode();
            body.put("user", user);
            JsonNode receipt = client().call("POST", "/api/v1/privacy/erasures", Map.of(), body);
            if (json()) {
                printJson(receipt);
            } else {
                out().println("Erased " + user + ": now known as " + Text.of(receipt.path("pseudonym"))
                        + " (erasure " + Text.of(receipt.path("id")) + ").");
                Table table = new Table("MODULE", "STORE", "ACTION", "ROWS", "NOTE");
                receipt.path("stores").forEach(s -> table.add(java.util.List.of(Text.of(s.path("module")),
                        Text.of(s.path("store")), Text.of(s.path("action")), Text.of(s.path("rows")),
                        Text.of(s.path("note")))));
                table.print(out());
            }
            out().flush();
            return 0;
        }
    }

    @Command(name = "consents", description = "A person's consent decisions, per purpose (for privacy administrators).",
            footer = {"", "Example:", "  aurelis privacy consents jane@example.com"})
    static final class Consents extends ClientCommand {

        @Parameters(index = "0", paramLabel = "USER", description = "E-mail address, user name or user id.")
        String user;

        @Override
        public Integer call() {
            JsonNode answer = client().call("GET", "/api/v1/privacy/consents", Map.of("user", user), null);
            show(answer, () -> ConsentsCommand.print(out(), answer));
            return 0;
        }
    }
}
