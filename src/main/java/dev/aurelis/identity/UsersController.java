package dev.aurelis.identity;

import dev.aurelis.access.Permission;
import dev.aurelis.access.Scope;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.Team;
import dev.aurelis.tenancy.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API for users: list and read the users within the caller's reach ({@code users:read}: a team lead
 * their teams' members, a department manager their departments'), and de-provision one
 * ({@code DELETE}, {@code users:manage}), which revokes their keys at once. Identity providers provision
 * users over SCIM instead.
 */
@RestController
@RequestMapping("/api/v1/users")
class UsersController {

    private final Users users;
    private final Organizations organizations;

    UsersController(Users users, Organizations organizations) {
        this.users = users;
        this.organizations = organizations;
    }

    record UserView(UUID id, String email, String userName, String externalId, String displayName, String status,
            List<String> teams, Instant createdAt, Instant updatedAt) {

        static UserView of(User u) {
            return new UserView(u.id(), u.email(), u.userName(), u.externalId(), u.displayName(), u.status(), u.teams(),
                    u.createdAt(), u.updatedAt());
        }
    }

    @GetMapping
    Map<String, List<UserView>> list(@RequestParam(required = false) String email,
            @RequestParam(required = false) String team, @RequestParam(required = false) String status) {
        Caller caller = AdminCallers.current();
        Scope scope = caller.scopeOf(Permission.USERS_READ);
        return Map.of("data", users.list(caller.tenantId()).stream()
                .filter(u -> email == null || email.isBlank() || u.email().equalsIgnoreCase(email.strip()))
                .filter(u -> team == null || team.isBlank() || u.teams().contains(team))
                .filter(u -> status == null || status.isBlank() || u.status().equalsIgnoreCase(status))
                .filter(u -> reaches(caller.tenantId(), scope, u))
                .map(UserView::of).toList());
    }

    @GetMapping("/{id}")
    UserView get(@PathVariable UUID id) {
        Caller caller = AdminCallers.current();
        return reachable(caller, Permission.USERS_READ, id).map(UserView::of)
                .orElseThrow(() -> new KeysController.NotFound("No user with id " + id + "."));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> deprovision(@PathVariable UUID id) {
        Caller caller = AdminCallers.current();
        if (reachable(caller, Permission.USERS_MANAGE, id).isEmpty()) {
            throw new KeysController.NotFound("No user with id " + id + ".");
        }
        if (id.equals(caller.userId())) {
            throw new IllegalArgumentException("You cannot de-provision yourself.");
        }
        users.delete(caller.tenantId(), id, caller.email());
        return ResponseEntity.noContent().build();
    }

    private Optional<User> reachable(Caller caller, String permission, UUID id) {
        Scope scope = caller.scopeOf(permission);
        return users.find(caller.tenantId(), id).filter(u -> !u.status().equals(User.DELETED))
                .filter(u -> reaches(caller.tenantId(), scope, u));
    }

    private boolean reaches(TenantId tenant, Scope scope, User user) {
        return reaches(organizations, tenant, scope, user);
    }

    /** Whether {@code scope} reaches the user: their own records, or one of their teams or its department. */
    static boolean reaches(Organizations organizations, TenantId tenant, Scope scope, User user) {
        return scope.reachesMember(user.id(), user.teams().stream()
                .map(t -> new String[] {t, organizations.team(tenant, t).map(Team::department).orElse(null)}).toList());
    }
}
