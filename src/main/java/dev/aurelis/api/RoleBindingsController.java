package dev.aurelis.api;

import dev.aurelis.access.AccessPolicy;
import dev.aurelis.access.Permission;
import dev.aurelis.access.RoleBinding;
import dev.aurelis.access.Scope;
import dev.aurelis.identity.AdminCallers;
import dev.aurelis.identity.Caller;
import dev.aurelis.identity.User;
import dev.aurelis.identity.Users;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.Team;
import dev.aurelis.tenancy.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/role-bindings}: roles granted to users or teams, optionally limited to a department or team.
 * Granting needs {@code roles:manage} across the organisation and only roles whose permissions the granter
 * holds; the list shows the bindings whose subject lies within the caller's reach.
 */
@RestController
class RoleBindingsController {

    private final AccessPolicy access;
    private final Users users;
    private final Organizations organizations;

    RoleBindingsController(AccessPolicy access, Users users, Organizations organizations) {
        this.access = access;
        this.users = users;
        this.organizations = organizations;
    }

    record BindingBody(String role, String user, String team, String scopeDepartment, String scopeTeam) {
    }

    record BindingView(UUID id, String role, UUID userId, String user, String team, String scopeDepartment,
            String scopeTeam, String source, String createdBy, Instant createdAt) {
    }

    @GetMapping("/api/v1/role-bindings")
    Map<String, List<BindingView>> list(@RequestParam(required = false) String user,
            @RequestParam(required = false) String team, @RequestParam(required = false) String role) {
        Caller caller = AdminCallers.current();
        Scope scope = caller.scopeOf(Permission.ROLES_READ);
        Optional<UUID> userId = user == null || user.isBlank() ? Optional.empty()
                : Optional.of(users.findByEmail(caller.tenantId(), user).map(User::id).orElse(new UUID(0, 0)));
        List<BindingView> views = access.bindings(caller.tenantId()).stream()
                .filter(b -> userId.isEmpty() || userId.get().equals(b.userId()))
                .filter(b -> team == null || team.isBlank() || team.equals(b.team()))
                .filter(b -> role == null || role.isBlank() || role.equals(b.role()))
                .filter(b -> reaches(caller.tenantId(), scope, b))
                .map(b -> view(caller.tenantId(), b)).toList();
        return Map.of("data", views);
    }

    @PostMapping("/api/v1/role-bindings")
    ResponseEntity<BindingView> create(@RequestBody(required = false) BindingBody body) {
        Caller caller = RolesController.organizationWide();
        if (body == null || body.role() == null || body.role().isBlank()) {
            throw new IllegalArgumentException("'role' and one of 'user' (an e-mail) or 'team' are required.");
        }
        boolean toUser = body.user() != null && !body.user().isBlank();
        boolean toTeam = body.team() != null && !body.team().isBlank();
        if (toUser == toTeam) {
            throw new IllegalArgumentException("Name exactly one subject: 'user' (an e-mail) or 'team'.");
        }
        UUID userId = null;
        Set<String> memberTeams = Set.of();
        if (toUser) {
            User subject = users.findByEmail(caller.tenantId(), body.user())
                    .filter(u -> !u.status().equals(User.DELETED))
                    .orElseThrow(() -> new NoSuchElementException("No user with e-mail '" + body.user() + "'."));
            userId = subject.id();
            memberTeams = Set.copyOf(subject.teams());
        }
        RoleBinding binding = access.bind(caller.tenantId(), userId, memberTeams, toTeam ? body.team() : null,
                body.role(), body.scopeDepartment(), body.scopeTeam(), caller.asGrantor());
        return ResponseEntity.status(HttpStatus.CREATED).body(view(caller.tenantId(), binding));
    }

    @DeleteMapping("/api/v1/role-bindings/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        Caller caller = RolesController.organizationWide();
        Set<String> memberTeams = access.binding(caller.tenantId(), id).map(RoleBinding::userId)
                .flatMap(user -> users.find(caller.tenantId(), user)).map(u -> Set.copyOf(u.teams())).orElse(Set.of());
        if (!access.unbind(caller.tenantId(), id, memberTeams, caller.asGrantor())) {
            throw new NoSuchElementException("No role binding with id " + id + ".");
        }
        return ResponseEntity.noContent().build();
    }

    private boolean reaches(TenantId tenant, Scope scope, RoleBinding binding) {
        if (scope.organization()) {
            return true;
        }
        if (binding.team() != null) {
            return scope.reachesTeam(binding.team(), departmentOf(tenant, binding.team()));
        }
        return users.find(tenant, binding.userId())
                .map(u -> scope.reachesMember(u.id(), u.teams().stream()
                        .map(t -> new String[] {t, departmentOf(tenant, t)}).toList()))
                .orElse(false);
    }

    private String departmentOf(TenantId tenant, String team) {
        return organizations.team(tenant, team).map(Team::department).orElse(null);
    }

    private BindingView view(TenantId tenant, RoleBinding b) {
        String email = b.userId() == null ? null : users.find(tenant, b.userId()).map(User::email).orElse(null);
        return new BindingView(b.id(), b.role(), b.userId(), email, b.team(), b.scopeDepartment(), b.scopeTeam(),
                b.source(), b.createdBy(), b.createdAt());
    }
}
