package dev.aurelis.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code aurelis role-bindings}: who holds which role, within which department or team. */
@Command(name = "role-bindings",
        description = "Role bindings: grant a role to a user or a team, optionally within a department or team.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {RoleBindingsCommand.ListBindings.class, RoleBindingsCommand.Create.class,
                RoleBindingsCommand.Delete.class})
final class RoleBindingsCommand extends CommandGroup {

    static final String BINDINGS = "/api/v1/role-bindings";

    @Command(name = "list", description = "List role bindings.")
    static final class ListBindings extends ClientCommand {

        @Option(names = "--user", paramLabel = "EMAIL", description = "Only this user's.")
        String user;

        @Option(names = "--team", paramLabel = "TEAM", description = "Only this team's.")
        String team;

        @Option(names = "--role", paramLabel = "ROLE", description = "Only this role's.")
        String role;

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("user", user);
            query.put("team", team);
            query.put("role", role);
            JsonNode answer = client().call("GET", BINDINGS, query, null);
            show(answer, () -> Render.rows(out(), answer.path("data"), "No role bindings.", "id", "role", "user",
                    "team", "scope_department", "scope_team", "source", "created_by"));
            return 0;
        }
    }

    @Command(name = "create", description = "Grant a role to a user or to a team's members.",
            footer = {"", "Examples:", "  aurelis role-bindings create --role team_lead --user bob@example.com --scope-team platform",
                    "  aurelis role-bindings create --role viewer --team finance"})
    static final class Create extends ClientCommand {

        @Option(names = "--role", required = true, paramLabel = "ROLE")
        String role;

        @Option(names = "--user", paramLabel = "EMAIL", description = "The user who gets it.")
        String user;

        @Option(names = "--team", paramLabel = "TEAM", description = "The team whose members get it.")
        String team;

        @Option(names = "--scope-department", paramLabel = "DEPARTMENT", description = "Only within this department.")
        String scopeDepartment;

        @Option(names = "--scope-team", paramLabel = "TEAM", description = "Only within this team.")
        String scopeTeam;

        @Override
        public Integer call() {
            ObjectNode body = AurelisCommand.JSON.createObjectNode().put("role", role);
            putIfGiven(body, "user", user);
            putIfGiven(body, "team", team);
            putIfGiven(body, "scope_department", scopeDepartment);
            putIfGiven(body, "scope_team", scopeTeam);
            JsonNode binding = client().call("POST", BINDINGS, Map.of(), body);
            show(binding, () -> out().println("Created role binding " + Text.of(binding.path("id")) + " ("
                    + Text.of(binding.path("role")) + ")."));
            return 0;
        }

        private static void putIfGiven(ObjectNode body, String name, String value) {
            if (value != null) {
                body.put(name, value);
            }
        }
    }

    @Command(name = "delete", description = "Remove a role binding.")
    static final class Delete extends ClientCommand {

        @Parameters(paramLabel = "ID", description = "The binding's id, as `aurelis role-bindings list` shows it.")
        String id;

        @Override
        public Integer call() {
            client().call("DELETE", apiPath(BINDINGS, id), Map.of(), null);
            done(id, "deleted", "Deleted role binding " + id + ".");
            return 0;
        }
    }
}
