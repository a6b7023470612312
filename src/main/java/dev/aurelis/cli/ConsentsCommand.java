package dev.aurelis.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code aurelis consents}: the caller's own consent decisions (compliance.consent_management, docs/privacy.md). */
@Command(name = "consents",
        description = "Your consents, per purpose: show them, give or withdraw one (needs a personal key).",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {ConsentsCommand.Show.class, ConsentsCommand.Give.class, ConsentsCommand.Withdraw.class})
final class ConsentsCommand extends CommandGroup {

    private static final String MINE = "/api/v1/me/consents";

    static void print(PrintWriter out, JsonNode answer) {
        Render.rows(out, answer.path("consents"), "No consent purposes.", "purpose", "given", "policy_version",
                "given_at", "withdrawn_at", "erases_on_withdrawal");
    }

    @Command(name = "show", description = "Your decision for every purpose.")
    static final class Show extends ClientCommand {

        @Override
        public Integer call() {
            JsonNode answer = client().call("GET", MINE, Map.of(), null);
            show(answer, () -> print(out(), answer));
            return 0;
        }
    }

    /** Giving and withdrawing differ only in the decision sent. */
    abstract static class Decide extends ClientCommand {

        @Parameters(index = "0", paramLabel = "PURPOSE", description = "e.g. content_logging (see `consents show`).")
        String purpose;

        @Option(names = "--policy-version", paramLabel = "VERSION", description = "The privacy policy version you agree to.")
        String policyVersion;

        abstract boolean given();

        @Override
        public Integer call() {
            ObjectNode body = AurelisCommand.JSON.createObjectNode().put("purpose", purpose).put("given", given());
            if (policyVersion != null) {
                body.put("policy_version", policyVersion);
            }
            JsonNode answer = client().call("PUT", MINE, Map.of(), body);
            show(answer, () -> print(out(), answer));
            return 0;
        }
    }

    @Command(name = "give", description = "Give your consent to one purpose.",
            footer = {"", "Example:", "  aurelis consents give content_logging --policy-version 2026-01"})
    static final class Give extends Decide {

        @Override
        boolean given() {
            return true;
        }
    }

    @Command(name = "withdraw", description = "Withdraw your consent to one purpose (some purposes then erase what they kept).")
    static final class Withdraw extends Decide {

        @Override
        boolean given() {
            return false;
        }
    }
}
