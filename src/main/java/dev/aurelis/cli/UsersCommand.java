package dev.aurelis.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code aurelis users}: the people Aurelis knows, and the sign-in identities linked to them. */
@Command(name = "users",
        description = "Users: list, show and deprovision them; manage the sign-in identities linked to them.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {UsersCommand.ListUsers.class, UsersCommand.Show.class, UsersCommand.Delete.class,
                UsersCommand.Identities.class})
final class UsersCommand extends CommandGroup {

    static final String USERS = "/api/v1/users";

    @Command(name = "list", description = "List users.")
    static final class ListUsers extends ClientCommand {

        @Option(names = "--email", paramLabel = "EMAIL", description = "Only this e-mail address.")
        String email;

        @Option(names = "--team", paramLabel = "TEAM", description = "Only this team's members.")
        String team;

        @Option(names = "--status", paramLabel = "STATUS", description = "Only users with this status (active, suspended).")
        String status;

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("email", email);
            query.put("team", team);
            query.put("status", status);
            JsonNode answer = client().call("GET", USERS, query, null);
            show(answer, () -> Render.rows(out(), answer.path("data"), "No users.", "id", "email", "display_name",
                    "status", "teams", "created_at"));
            return 0;
        }
    }

    @Command(name = "show", description = "Show one user.")
    static final class Show extends ClientCommand {

        @Parameters(paramLabel = "ID", description = "The user's id, as `aurelis users list` shows it.")
        String id;

        @Override
        public Integer call() {
            JsonNode user = client().call("GET", apiPath(USERS, id), Map.of(), null);
            show(user, () -> Render.fields(out(), user));
            return 0;
        }
    }

    @Command(name = "delete", description = "Deprovision a user: their keys stop working and they cannot sign in.")
    static final class Delete extends ClientCommand {

        @Parameters(paramLabel = "ID", description = "The user's id.")
        String id;

        @Override
        public Integer call() {
            client().call("DELETE", apiPath(USERS, id), Map.of(), null);
            done(id, "deprovisioned", "Deprovisioned user " + id + ".");
            return 0;
        }
    }

    @Command(name = "identities", description = "The sign-in identities (OIDC, SAML) linked to a user.",
            synopsisSubcommandLabel = "COMMAND",
            commandListHeading = "%nCommands:%n",
            subcommands = {Identities.ListIdentities.class, Identities.Add.class, Identities.Remove.class})
    static final class Identities extends CommandGroup {

        @Command(name = "list", description = "List a user's linked identities.")
        static final class ListIdentities extends ClientCommand {

            @Parameters(paramLabel = "USER_ID")
            String user;

            @Override
            public Integer call() {
                JsonNode answer = client().call("GET", apiPath(USERS, user) + "/identities", Map.of(), null);
                show(answer, () -> Render.rows(out(), answer.path("data"), "No linked identities.", "id", "method",
                        "issuer", "subject", "linked_via", "linked_by", "last_sign_in"));
                return 0;
            }
        }

        @Command(name = "add", description = "Link an identity provider's subject to a user.",
                footer = {"", "Example:", "  aurelis users identities add USER_ID --method oidc --issuer https://idp.example.com --subject 248289761001"})
        static final class Add extends ClientCommand {

            @Parameters(paramLabel = "USER_ID")
            String user;

            @Option(names = "--method", required = true, paramLabel = "METHOD", description = "oidc or saml.")
            String method;

            @Option(names = "--issuer", paramLabel = "ISSUER", description = "The identity provider (default: the configured one).")
            String issuer;

            @Option(names = "--subject", required = true, paramLabel = "SUBJECT", description = "The user's id at the provider.")
            String subject;

            @Override
            public Integer call() {
                ObjectNode body = AurelisCommand.JSON.createObjectNode().put("method", method).put("subject", subject);
                if (issuer != null) {
                    body.put("issuer", issuer);
                }
                JsonNode identity = client().call("POST", apiPath(USERS, user) + "/identities", Map.of(), body);
                show(identity, () -> out().println("Linked identity " + Text.of(identity.path("id")) + " to user " + user + "."));
                return 0;
            }
        }

        @Command(name = "remove", description = "Unlink an identity from a user.")
        static final class Remove extends ClientCommand {

            @Parameters(index = "0", paramLabel = "USER_ID")
            String user;

            @Parameters(index = "1", paramLabel = "IDENTITY_ID")
            String identity;

            @Override
            public Integer call() {
                client().call("DELETE", apiPath(USERS, user) + "/identities/" + AdminClient.segment(identity), Map.of(), null);
                done(identity, "unlinked", "Unlinked identity " + identity + " from user " + user + ".");
                return 0;
            }
        }
    }
}
