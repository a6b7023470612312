package dev.aurelis.identity.signin;

import dev.aurelis.access.AccessPolicy;
import dev.aurelis.access.BuiltInRoles;
import dev.aurelis.identity.Caller;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.Team;
import dev.aurelis.tenancy.TenantId;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@link Caller} a signed-in person acts as: their own roles plus their teams' roles, turned into permissions
 * by the access policy, exactly as for an API key. Spend is attributed to the first of their teams by name.
 */
@Component
public class UserCallers {

    private final JdbcClient jdbc;
    private final Organizations organizations;
    private final AccessPolicy access;

    UserCallers(JdbcClient jdbc, Organizations organizations, AccessPolicy access) {
        this.jdbc = jdbc;
        this.organizations = organizations;
        this.access = access;
    }

    /** The caller for an active user; empty when the user does not exist or was deactivated. */
    public Optional<Caller> of(TenantId tenant, UUID userId) {
        Optional<String> email = jdbc.sql("select email from identity_user where tenant_id = ? and id = ? and status = 'active'")
                .params(tenant.value(), userId).query(String.class).optional();
        if (email.isEmpty()) {
            return Optional.empty();
        }
        List<String> teams = jdbc.sql("select team from identity_user_team where tenant_id = ? and user_id = ? order by team")
                .params(tenant.value(), userId).query(String.class).list();
        Set<String> roles = new LinkedHashSet<>(jdbc.sql(
                "select role from identity_user_role where tenant_id = ? and user_id = ? order by role")
                .params(tenant.value(), userId).query(String.class).list());
        Set<String> models = new HashSet<>();
        for (String team : teams) {
            roles.addAll(access.rolesOfTeam(tenant, team));
        }
        if (roles.isEmpty()) {
            roles.add(BuiltInRoles.DEVELOPER);
        }
        String team = teams.isEmpty() ? null : teams.getFirst();
        if (team != null) {
            models.addAll(access.modelsOfTeam(tenant, team));
        }
        Optional<Team> teamInfo = organizations.team(tenant, team);
        return Optional.of(new Caller(tenant, userId, email.get(), null, null, team,
                teamInfo.map(Team::department).orElse(null), teamInfo.map(Team::costCenter).orElse(null), null,
                Set.copyOf(roles), access.permissionsOf(tenant, roles), models));
    }
}
