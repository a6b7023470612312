package dev.aurelis.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code aurelis roles}: the roles permissions are granted through; built-in ones can be read, not changed. */
@Command(name = "roles",
        description = "Roles: named sets of permissions with a scope (see `aurelis permissions`).",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {RolesCommand.ListRoles.class, RolesCommand.Show.class, RolesCommand.Create.class,
                RolesCommand.Update.class, RolesCommand.Delete.class})
final class RolesCommand extends CommandGroup {

    static final String ROLES = "/api/v1/roles";

    @Command(name = "list", description = "List the roles, built in and custom.")
    static final class ListRoles extends ClientCommand {

        @Override
        public Integer call() {
            JsonNode answer = client().call("GET", ROLES, Map.of(), null);
            show(answer, () -> Render.rows(out(), answer.path("data"), "No roles.", "name", "scope", "built_in",
                    "source", "permissions"));
            return 0;
        }
    }

    @Command(name = "show", description = "Show one role.")
    static final class Show extends ClientCommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            JsonNode role = client().call("GET", apiPath(ROLES, name), Map.of(), null);
            show(role, () -> Render.fields(out(), role));
            return 0;
        }
    }

    /** What a role is made of, as create and update send it. */
    abstract static class Definition extends ClientCommand {

        @Option(names = "--permission", required = true, paramLabel = "PERMISSION",
                description = "A permission it grants (see `aurelis permissions`); repeat for several.")
        List<String> permissions = new ArrayList<>();

        @Option(names = "--scope", paramLabel = "SCOPE", description = "organization, department or team.")
        String scope;

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        ObjectNode body() {
            ObjectNode body = AurelisCommand.JSON.createObjectNode();
            permissions.forEach(body.putArray("permissions")::add);
            if (scope != null) {
                body.put("scope", scope);
            }
            if (description != null) {
                body.put("description", description);
            }
            return body;
        }
    }

    @Command(name = "create", description = "Create a custom role.",
            footer = {"", "Example:", "  aurelis roles create auditor --permission audit:read --permission usage:read"})
    static final class Create extends Definition {

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            JsonNode role = client().call("POST", ROLES, Map.of(), body().put("name", name));
            show(role, () -> out().println("Created role " + Text.of(role.path("name")) + "."));
            return 0;
        }
    }

    @Command(name = "update", description = "Redefine a custom role: its permissions, scope and description.")
    static final class Update extends Definition {

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            JsonNode role = client().call("PUT", apiPath(ROLES, name), Map.of(), body());
            show(role, () -> out().println("Updated role " + Text.of(role.path("name")) + "."));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a custom role.")
    static final class Delete extends ClientCommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            client().call("DELETE", apiPath(ROLES, name), Map.of(), null);
            done(name, "deleted", "Deleted role " + name + ".");
            return 0;
        }
    }
}
