package dev.aurelis.identity;

import dev.aurelis.tenancy.TenantId;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The people who use Aurelis, known by e-mail within their organisation. */
@Component
public class Users {

    private final JdbcClient jdbc;

    Users(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The user's id, creating the user on first mention. */
    @Transactional
    public UUID ensure(TenantId tenant, String email) {
        if (email == null || email.isBlank()) {
            throw new IllegalArgumentException("A user e-mail is required.");
        }
        String normalized = email.strip().toLowerCase(java.util.Locale.ROOT);
        jdbc.sql("insert into identity_user (tenant_id, id, email) values (?, ?, ?) on conflict (tenant_id, email) do nothing")
                .params(tenant.value(), UUID.randomUUID(), normalized).update();
        return jdbc.sql("select id from identity_user where tenant_id = ? and email = ?")
                .params(tenant.value(), normalized).query(UUID.class).single();
    }

    @Transactional
    public void joinTeam(TenantId tenant, UUID userId, String team) {
        jdbc.sql("insert into identity_user_team (tenant_id, user_id, team) values (?, ?, ?) on conflict do nothing")
                .params(tenant.value(), userId, team).update();
    }

    @Transactional
    public void grantRole(TenantId tenant, UUID userId, String role) {
        jdbc.sql("insert into identity_user_role (tenant_id, user_id, role) values (?, ?, ?) on conflict do nothing")
                .params(tenant.value(), userId, role).update();
    }

    /** The id of the user with this e-mail, if they exist. */
    public Optional<UUID> find(TenantId tenant, String email) {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        return jdbc.sql("select id from identity_user where tenant_id = ? and email = ?")
                .params(tenant.value(), email.strip().toLowerCase(java.util.Locale.ROOT)).query(UUID.class).optional();
    }

    @Transactional
    public void leaveTeam(TenantId tenant, UUID userId, String team) {
        jdbc.sql("delete from identity_user_team where tenant_id = ? and user_id = ? and team = ?")
                .params(tenant.value(), userId, team).update();
    }

    @Transactional
    public void revokeRole(TenantId tenant, UUID userId, String role) {
        jdbc.sql("delete from identity_user_role where tenant_id = ? and user_id = ? and role = ?")
                .params(tenant.value(), userId, role).update();
    }
}
