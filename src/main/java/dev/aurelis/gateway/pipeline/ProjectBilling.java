package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.wire.GatewayError;
import dev.aurelis.identity.Caller;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.Project;
import org.springframework.stereotype.Component;

/**
 * A client may name the project its usage is billed to ({@code x-aurelis-project}), but only one its caller may
 * bill: a project that exists in the caller's organisation, that the project admits the caller's team or
 * department to, and never another project than the one the caller's key is bound to. Otherwise a caller could
 * spend another project's budget or move their own spend out of sight. Read from memory (the organisation's
 * directory).
 */
@Component
class ProjectBilling {

    private final Organizations organizations;

    ProjectBilling(Organizations organizations) {
        this.organizations = organizations;
    }

    /** @return the project the client named, once the caller may bill it; null when none was named */
    Project check(Caller caller, String named) {
        if (named == null) {
            return null;
        }
        if (caller.project() != null) {
            if (!caller.project().equals(named)) {
                throw refused("This key bills project '" + caller.project() + "'; it cannot bill '" + named
                        + "'. Drop the x-aurelis-project header or use a key for that project.");
            }
            return null; // the key's own project: its cost center is the caller's already
        }
        Project project = organizations.project(caller.tenantId(), named).orElseThrow(() -> new GatewayError(
                GatewayError.Kind.INVALID_REQUEST, 400, "There is no project '" + named + "' in your organisation; "
                        + "x-aurelis-project must name a project declared under projects: in the configuration.",
                "unknown_project", null));
        if (!organizations.mayBill(caller.tenantId(), project, caller.team(), caller.department())) {
            throw refused("Project '" + named + "' is billed by its own teams and departments only; yours ("
                    + (caller.team() == null ? "no team" : "team '" + caller.team() + "'") + ") is not one of them.");
        }
        return project;
    }

    private static GatewayError refused(String message) {
        return new GatewayError(GatewayError.Kind.PERMISSION, 403, message, "project_not_allowed", null);
    }
}
