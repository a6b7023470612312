package dev.aurelis.cli;

import java.util.Map;

import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code aurelis permissions}: the permission vocabulary roles are made of. */
@Command(name = "permissions", description = "List the permissions roles can grant, and which each implies.")
final class PermissionsCommand extends ClientCommand {

    @Override
    public Integer call() {
        JsonNode answer = client().call("GET", "/api/v1/permissions", Map.of(), null);
        show(answer, () -> Render.rows(out(), answer.path("data"), "No permissions.", "name", "implies", "description"));
        return 0;
    }
}
