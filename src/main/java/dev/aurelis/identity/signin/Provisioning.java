package dev.aurelis.identity.signin;

import dev.aurelis.access.AccessPolicy;
import dev.aurelis.access.RoleBinding;
import dev.aurelis.identity.SignIn;
import dev.aurelis.identity.SignInSettings;
import dev.aurelis.identity.Users;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.TenantId;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns an identity vouched for by a provider into a user of the organisation: finds them by their identity at
 * that provider (then by e-mail), creates them at first sign-in when {@code auto_provisioning} is on, and with
 * {@code group_sync} makes the teams and roles granted by their groups match what the provider says now. Roles
 * are granted as role bindings of the user (granted by the system actor {@value #GROUP_SYNC}); they reach the
 * user's teams and those teams' departments, like any binding without an explicit scope. Runs for the current
 * tenant, which the sign-in request acts for.
 */
@Component
public class Provisioning {

    /** The actor of role bindings and memberships that group sync grants. */
    static final String GROUP_SYNC = "group_sync";

    private final JdbcClient jdbc;
    private final Users users;
    private final Organizations organizations;
    private final AccessPolicy access;
    private final SignIn signIn;

    Provisioning(JdbcClient jdbc, Users users, Organizations organizations, AccessPolicy access, SignIn signIn) {
        this.jdbc = jdbc;
        this.users = users;
        this.organizations = organizations;
        this.access = access;
        this.signIn = signIn;
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
        UUID userId = linked.or(() -> users.idOf(tenant, email)).orElse(null);
        if (userId == null) {
            if (!settings.autoProvisioning()) {
                throw new SignInRefused("There is no Aurelis account for " + email
                        + " and accounts are not created at first sign-in; ask an administrator to add you.", email);
            }
            userId = users.ensure(tenant, email, identity.method(), identity.issuer());
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
                    users.leaveTeam(tenant, userId, grant.value(), GROUP_SYNC);
                } else {
                    for (RoleBinding binding : userBindings(tenant, userId, grant.value())) {
                        if (GROUP_SYNC.equals(binding.source())) {
                            access.unbind(tenant, binding.id(), GROUP_SYNC);
                        }
                    }
                }
                jdbc.sql("delete from identity_group_grant where tenant_id = ? and user_id = ? and kind = ? and value = ?")
                        .params(tenant.value(), userId, grant.kind(), grant.value()).update();
            }
        }
        // A membership or binding that existed before group sync granted it (declared in the file, granted by an
        // administrator) is not recorded as a grant, so losing the group never takes it away.
        for (String team : teams) {
            if (!previous.contains(new Grant("team", team)) && !isMember(tenant, userId, team)) {
                organizations.ensureTeam(tenant, team);
                users.joinTeam(tenant, userId, team, GROUP_SYNC);
                recordGrant(tenant, userId, "team", team);
            }
        }
        for (String role : roles) {
            if (!previous.contains(new Grant("role", role)) && userBindings(tenant, userId, role).isEmpty()) {
                if (!access.roleExists(tenant, role)) {
                    throw new SignInRefused("The group mapping grants the role '" + role + "', which does not exist; "
                            + "ask an administrator to correct integrations.sso.group_mappings.", identity.email());
                }
                access.ensureBound(tenant, userId, role, GROUP_SYNC);
                recordGrant(tenant, userId, "role", role);
            }
        }
    }

    private boolean isMember(TenantId tenant, UUID userId, String team) {
        return jdbc.sql("select exists (select 1 from identity_user_team where tenant_id = ? and user_id = ? and team = ?)")
                .params(tenant.value(), userId, team).query(Boolean.class).single();
    }

    /** The user's own bindings of {@code role} that reach as far as the role itself does (no explicit scope). */
    private List<RoleBinding> userBindings(TenantId tenant, UUID userId, String role) {
        return access.bindings(tenant).stream()
                .filter(b -> userId.equals(b.userId()) && b.role().equals(role) && b.scopeDepartment() == null
                        && b.scopeTeam() == null)
                .toList();
    }

    private void recordGrant(TenantId tenant, UUID userId, String kind, String value) {
        jdbc.sql("insert into identity_group_grant (tenant_id, user_id, kind, value) values (?, ?, ?, ?) on conflict do nothing")
                .params(tenant.value(), userId, kind, value).update();
    }
}
