package dev.aurelis.console;

import dev.aurelis.access.AccessPolicy;
import dev.aurelis.access.Permission;
import dev.aurelis.access.Scope;
import dev.aurelis.configuration.ActiveConfiguration;
import dev.aurelis.identity.Caller;
import dev.aurelis.identity.User;
import dev.aurelis.identity.Users;
import dev.aurelis.routing.Router;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.Team;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The read-only pages: budgets with their state, users and teams, providers' health and circuit breakers, and the
 * configuration's status (settings accepted but not yet acting, unknown keys, unresolved variables).
 */
@Controller
class DirectoryPages {

    /** A team as the console lists it. */
    record TeamRow(String name, String department, String costCenter, List<String> roles, List<String> models,
            int members) {
    }

    private final VisibleBudgets budgets;
    private final Users users;
    private final Organizations organizations;
    private final AccessPolicy access;
    private final Router router;
    private final ActiveConfiguration configuration;

    DirectoryPages(VisibleBudgets budgets, Users users, Organizations organizations, AccessPolicy access, Router router,
            ActiveConfiguration configuration) {
        this.budgets = budgets;
        this.users = users;
        this.organizations = organizations;
        this.access = access;
        this.router = router;
        this.configuration = configuration;
    }

    @GetMapping("/console/budgets")
    String budgets(Model model) {
        Caller caller = ConsoleModel.require("/console/budgets");
        model.addAttribute("budgets", budgets.of(caller));
        model.addAttribute("manage", caller.has(Permission.BUDGET_MANAGE));
        return "console/budgets";
    }

    @GetMapping("/console/people")
    String people(Model model) {
        Caller caller = ConsoleModel.require("/console/people");
        Map<String, String> departmentOf = organizations.teams(caller.tenantId()).stream()
                .filter(t -> t.department() != null).collect(Collectors.toMap(Team::name, Team::department, (a, b) -> a));
        if (caller.has(Permission.USERS_READ)) {
            Scope scope = caller.scopeOf(Permission.USERS_READ);
            List<User> people = users.list(caller.tenantId()).stream()
                    .filter(u -> scope.organization() || u.id().equals(scope.self()) || u.teams().stream()
                            .anyMatch(t -> scope.reachesTeam(t, departmentOf.get(t))))
                    .toList();
            model.addAttribute("users", people);
        }
        if (caller.has(Permission.TEAM_VIEW)) {
            Scope scope = caller.scopeOf(Permission.TEAM_VIEW);
            model.addAttribute("teams", organizations.teams(caller.tenantId()).stream()
                    .filter(t -> scope.reachesTeam(t.name(), t.department()))
                    .map(t -> new TeamRow(t.name(), t.department(), t.costCenter(),
                            access.rolesOfTeam(caller.tenantId(), t.name()),
                            access.modelsOfTeam(caller.tenantId(), t.name()).stream().sorted().toList(),
                            users.members(caller.tenantId(), t.name()).size()))
                    .toList());
        }
        return "console/people";
    }

    @GetMapping("/console/providers")
    String providers(Model model) {
        ConsoleModel.require("/console/providers");
        model.addAttribute("strategy", router.settings().strategy().configName());
        model.addAttribute("autoModel", router.settings().autoModel());
        model.addAttribute("deployments", router.health());
        return "console/providers";
    }

    @GetMapping("/console/configuration")
    String configuration(Model model) {
        ConsoleModel.require("/console/configuration");
        model.addAttribute("status", configuration.status());
        return "console/configuration";
    }
}
