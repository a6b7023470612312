package dev.aurelis.identity.signin;

import dev.aurelis.identity.SignIn;
import dev.aurelis.identity.SignInSettings;
import dev.aurelis.identity.UserProvisioned;
import dev.aurelis.identity.Users;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.TenantId;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns an identity vouched for by a provider into a user of the organisation: finds them by their identity at
 * that provider (then by e-mail), creates them at first sign-in when {@code auto_provisioning} is on, and with
 * {@code group_sync} makes the teams and roles granted by their groups match what the provider says now.
 */
@Component
public class Provisioning {

    private final JdbcClient jdbc;
    private final Users users;
    private final Organizations organizations;
    private final SignIn signIn;
    private final ApplicationEventPublisher events;

    Provisioning(JdbcClient jdbc, Users users, Organizations organizations, SignIn signIn,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.users = users;
        this.organizations = organizations;
        this.signIn = signIn;
        this.events = events;
    }

    /** The user the identity belongs to, created or updated; refuses unknown people without auto-provisioning. */
    @Transactional
    public UUID userFor(ExternalIdentity identity) {
        SignInSettings settings = signIn.settings();
        TenantId tenant = settings.tenantId();
        String email = identity.email() == null ? null : identity.email().strip().toLowerCase(Locale.ROOT);
        if (email == null || !email.contains("@")) {
            throw new SignInRefused("Your identity provider did not send an e-mail address for you; ask an "
                    + "administrator to release the e-mail claim or attribute to Aurelis.", identity.subject());
        }
        Optional<UUID> linked = jdbc.sql("""
                select user_id from identity_external_identity
                where tenant_id = ? and method = ? and issuer = ? and subject = ?
                """).params(tenant.value(), identity.method(), identity.issuer(), identity.subject())
                .query(UUID.class).optional();
        UUID userId = linked.or(() -> users.find(tenant, email)).orElse(null);
        if (userId == null) {
            if (!settings.autoProvisioning()) {
                throw new SignInRefused("There is no Aurelis account for " + email
                        + " and accounts are not created at first sign-in; ask an administrator to add you.", email);
            }
            userId = users.ensure(tenant, email);
            events.publishEvent(new UserProvisioned(tenant.value(), userId, email, identity.method(), identity.issuer()));
        }
        String status = jdbc.sql("select status from identity_user where tenant_id = ? and id = ?")
                .params(tenant.value(), userId).query(String.class).single();
        if (!"active".equals(status)) {
            throw new SignInRefused("The Aurelis account of " + email + " is " + status + ".", email);
        }
        jdbc.sql("""
                insert into identity_external_identity (tenant_id, method, issuer, subject, user_id)
                values (?, ?, ?, ?, ?)
                on conflict (tenant_id, method, issuer, subject) do update set last_sign_in = now()
                """).params(tenant.value(), identity.method(), identity.issuer(), identity.subject(), userId).update();
        if (identity.displayName() != null && !identity.displayName().isBlank()) {
            jdbc.sql("update identity_user set display_name = ?, updated_at = now() where tenant_id = ? and id = ? "
                    + "and display_name is distinct from ?")
                    .params(identity.displayName(), tenant.value(), userId, identity.displayName()).update();
        }
        if (settings.groupSync()) {
            syncGroups(settings, tenant, userId, identity);
        }
        return userId;
    }

    private void syncGroups(SignInSettings settings, TenantId tenant, UUID userId, ExternalIdentity identity) {
        Set<String> teams = new HashSet<>();
        Set<String> roles = new HashSet<>();
        for (String group : identity.groups()) {
            SignInSettings.GroupMapping mapping = settings.groupMappings().get(group);
            if (mapping == null) {
                continue;
            }
            if (mapping.team() != null && !mapping.team().isBlank()) {
                teams.add(mapping.team());
            }
            roles.addAll(mapping.roles());
        }
        record Grant(String kind, String value) {
        }
        Set<Grant> previous = new HashSet<>(jdbc.sql(
                "select kind, value from identity_group_grant where tenant_id = ? and user_id = ?")
                .params(tenant.value(), userId).query((rs, n) -> new Grant(rs.getString(1), rs.getString(2))).list());
        for (Grant grant : previous) {
            boolean still = grant.kind().equals("team") ? teams.contains(grant.value()) : roles.contains(grant.value());
            if (!still) {
                if (grant.kind().equals("team")) {
                    users.leaveTeam(tenant, userId, grant.value());
                } else {
                    users.revokeRole(tenant, userId, grant.value());
                }
                jdbc.sql("delete from identity_group_grant where tenant_id = ? and user_id = ? and kind = ? and value = ?")
                        .params(tenant.value(), userId, grant.kind(), grant.value()).update();
            }
        }
        // A membership that existed before group sync granted it (declared in the file, granted by an
        // administrator) is not recorded as a grant, so losing the group never takes it away.
        for (String team : teams) {
            if (!previous.contains(new Grant("team", team)) && !exists("identity_user_team", "team", tenant, userId, team)) {
                organizations.ensureTeam(tenant, team);
                users.joinTeam(tenant, userId, team);
                recordGrant(tenant, userId, "team", team);
            }
        }
        for (String role : roles) {
            if (!previous.contains(new Grant("role", role)) && !exists("identity_user_role", "role", tenant, userId, role)) {
                users.grantRole(tenant, userId, role);
                recordGrant(tenant, userId, "role", role);
            }
        }
    }

    private boolean exists(String table, String column, TenantId tenant, UUID userId, String value) {
        // table and column are constants of this class, never input
        return jdbc.sql("select exists (select 1 from " + table + " where tenant_id = ? and user_id = ? and " + column + " = ?)")
                .params(tenant.value(), userId, value).query(Boolean.class).single();
    }

    private void recordGrant(TenantId tenant, UUID userId, String kind, String value) {
        jdbc.sql("insert into identity_group_grant (tenant_id, user_id, kind, value) values (?, ?, ?, ?) on conflict do nothing")
                .params(tenant.value(), userId, kind, value).update();
    }
}
