package dev.aurelis.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code aurelis local-accounts}: passwords for signing in without an identity provider. */
@Command(name = "local-accounts",
        description = "Local accounts: set the password someone signs in with when there is no identity provider.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = LocalAccountsCommand.Set.class)
final class LocalAccountsCommand extends CommandGroup {

    /** Where {@code set} reads the password when no file is named: never from an option, which shells keep in history. */
    static final String PASSWORD_VARIABLE = "AURELIS_NEW_PASSWORD";

    @Command(name = "set", description = {"Set (or reset) a local account's password.",
            "The password comes from --password-file (- for standard input) or $" + PASSWORD_VARIABLE + "."},
            footer = {"", "Example:", "  printf '%s' \"$PW\" | aurelis local-accounts set alice@example.com --password-file -"})
    static final class Set extends ClientCommand {

        @Parameters(paramLabel = "EMAIL")
        String email;

        @Option(names = "--password-file", paramLabel = "FILE", description = "A file holding the password (- for standard input).")
        String passwordFile;

        @Override
        public Integer call() {
            ObjectNode body = AurelisCommand.JSON.createObjectNode().put("email", email).put("password", password());
            JsonNode answer = client().call("PUT", "/api/v1/local-accounts", Map.of(), body);
            show(answer, () -> out().println("Set the password of " + Text.of(answer.path("email")) + "."));
            return 0;
        }

        private String password() {
            String password;
            if (passwordFile == null) {
                password = root().environment(PASSWORD_VARIABLE);
                if (password == null) {
                    throw new CliException("no password: pass --password-file FILE (- for standard input) or set "
                            + PASSWORD_VARIABLE, null, 2);
                }
                return password;
            }
            try {
                password = passwordFile.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                        : Files.readString(Path.of(passwordFile));
            } catch (IOException e) {
                throw new CliException("cannot read the password from " + passwordFile + ": " + e.getMessage());
            }
            // a final line break comes from the file or echo, not from the person choosing the password
            return password.replaceFirst("\\R\\z", "");
        }
    }
}
