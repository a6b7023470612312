package dev.aurelis.api;

import dev.aurelis.access.AccessDenied;
import dev.aurelis.access.AccessPolicy;
import dev.aurelis.access.Permission;
import dev.aurelis.access.Scope;
import dev.aurelis.identity.AdminCallers;
import dev.aurelis.identity.Caller;
import dev.aurelis.identity.Users;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.Team;
import dev.aurelis.tenancy.TenantId;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/teams}: the teams within the caller's reach with their roles, model allow-list and members,
 * and {@code PUT /api/v1/teams/{team}/models} to set a team's allow-list (a team lead for their team, a
 * department manager for their department's teams).
 */
@RestController
class TeamsController {

    private final Organizations organizations;
    private final AccessPolicy access;
    private final Users users;
    private final dev.aurelis.routing.Router router;

    TeamsController(Organizations organizations, AccessPolicy access, Users users, dev.aurelis.routing.Router router) {
        this.organizations = organizations;
        this.access = access;
        this.users = users;
        this.router = router;
    }

    record ModelsBody(List<String> models) {
    }

    record TeamView(String name, String department, String costCenter, List<String> roles, List<String> models,
            int members) {
    }

    @GetMapping("/api/v1/teams")
    Map<String, List<TeamView>> list() {
        Caller caller = AdminCallers.current();
        Scope scope = caller.scopeOf(Permission.TEAM_VIEW);
        return Map.of("data", organizations.teams(caller.tenantId()).stream()
                .filter(t -> scope.reachesTeam(t.name(), t.department()))
                .map(t -> view(caller.tenantId(), t)).toList());
    }

    /**
     * An allow-list naming a model nobody serves would lock the team out of it without a word (a typo is the usual
     * cause), so every name must be one clients may ask for now: a served model, an alias or the auto model, or one of
     * the organisation's own models the team may use.
     */
    private void requireKnown(TenantId tenant, String team, List<String> models) {
        java.util.Set<String> known = new java.util.TreeSet<>();
        router.modelNames().forEach(name -> known.add(name.name()));
        router.organizationModelNames(tenant.value(), team, model -> true).forEach(name -> known.add(name.name()));
        known.add(router.settings().autoModel());
        List<String> unknown = models.stream().filter(m -> m != null && !m.isBlank() && !known.contains(m)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unknown model" + (unknown.size() > 1 ? "s " : " ") + "'"
                    + String.join("', '", unknown) + "': no provider serves " + (unknown.size() > 1 ? "them" : "it")
                    + ". Known models: " + String.join(", ", known) + ".");
        }
    }

    @PutMapping("/api/v1/teams/{team}/models")
    TeamView setModels(@PathVariable String team, @RequestBody(required = false) ModelsBody body) {
        Caller caller = AdminCallers.current();
        if (body == null || body.models() == null) {
            throw new IllegalArgumentException("'models' is required: the allow-list, or [] for every model.");
        }
        Team existing = organizations.team(caller.tenantId(), team)
                .orElseThrow(() -> new NoSuchElementException("No team named '" + team + "'."));
        if (!caller.scopeOf(Permission.MODELS_CONFIGURE).reachesTeam(existing.name(), existing.department())) {
            throw new AccessDenied("The team '" + team + "' is outside the teams whose models you may configure.");
        }
        requireKnown(caller.tenantId(), team, body.models());
        access.setTeamModels(caller.tenantId(), team, body.models(), caller.email());
        return view(caller.tenantId(), organizations.team(caller.tenantId(), team).orElseThrow(), body.models());
    }

    private TeamView view(TenantId tenant, Team team) {
        return view(tenant, team, access.modelsOfTeam(tenant, team.name()).stream().sorted().toList());
    }

    private TeamView view(TenantId tenant, Team team, List<String> models) {
        return new TeamView(team.name(), team.department(), team.costCenter(), access.rolesOfTeam(tenant, team.name()),
                models, users.members(tenant, team.name()).size());
    }
}
