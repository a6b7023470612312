package dev.aurelis.identity.signin;

import dev.aurelis.access.AccessPolicy;
import dev.aurelis.access.Grants;
import dev.aurelis.access.Subject;
import dev.aurelis.identity.Caller;
import dev.aurelis.identity.User;
import dev.aurelis.identity.Users;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.Team;
import dev.aurelis.tenancy.TenantId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The {@link Caller} a signed-in person acts as: the grants the access policy gives the user (their own role
 * bindings and their teams' roles, each with its scope), exactly as for an API key of theirs that names no
 * roles or team. Their model allow-list is that of their teams. Reads the current tenant's rows.
 */
@Component
public class UserCallers {

    private final Users users;
    private final Organizations organizations;
    private final AccessPolicy access;

    UserCallers(Users users, Organizations organizations, AccessPolicy access) {
        this.users = users;
        this.organizations = organizations;
        this.access = access;
    }

    /** The caller for an active user; empty when the user does not exist or was de-provisioned. */
    public Optional<Caller> of(TenantId tenant, UUID userId) {
        Optional<User> user = users.find(tenant, userId).filter(User::active);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        Set<String> teams = new LinkedHashSet<>(user.get().teams());
        Grants grants = access.grantsOf(tenant, new Subject(userId, List.of(), null, teams));
        // shown as the person's team on the console; a session never spends, so nothing is attributed to it
        String team = teams.isEmpty() ? null : teams.iterator().next();
        Optional<Team> teamInfo = organizations.team(tenant, team);
        return Optional.of(new Caller(tenant, userId, user.get().email(), null, null, team,
                teamInfo.map(Team::department).orElse(null), teamInfo.map(Team::costCenter).orElse(null), null,
                grants, access.modelsFor(tenant, null, teams)));
    }
}
