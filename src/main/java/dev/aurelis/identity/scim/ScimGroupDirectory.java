package dev.aurelis.identity.scim;

import dev.aurelis.tenancy.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Which teams an identity provider manages as SCIM groups, under which ids and external ids. */
@Component
class ScimGroupDirectory {

    private static final String SELECT = "select id, team, external_id, created_at, updated_at from identity_scim_group";

    private final JdbcClient jdbc;

    ScimGroupDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Group(UUID id, String team, String externalId, Instant created, Instant lastModified) {
    }

    List<Group> list(TenantId tenant) {
        return jdbc.sql(SELECT + " where tenant_id = ? order by created_at, id").param(tenant.value())
                .query(ScimGroupDirectory::group).list();
    }

    Optional<Group> find(TenantId tenant, UUID id) {
        return jdbc.sql(SELECT + " where tenant_id = ? and id = ?").params(tenant.value(), id)
                .query(ScimGroupDirectory::group).optional();
    }

    Optional<Group> findByTeam(TenantId tenant, String team) {
        return jdbc.sql(SELECT + " where tenant_id = ? and team = ?").params(tenant.value(), team)
                .query(ScimGroupDirectory::group).optional();
    }

    /** Starts managing a team as a group; empty when the team is managed already. */
    Optional<Group> link(TenantId tenant, String team, String externalId) {
        UUID id = UUID.randomUUID();
        int inserted = jdbc.sql("""
                insert into identity_scim_group (tenant_id, id, team, external_id) values (?, ?, ?, ?)
                on conflict do nothing
                """).params(tenant.value(), id, team, externalId).update();
        return inserted == 0 ? Optional.empty() : find(tenant, id);
    }

    void update(TenantId tenant, UUID id, String externalId) {
        jdbc.sql("update identity_scim_group set external_id = ?, updated_at = clock_timestamp() where tenant_id = ? and id = ?")
                .params(externalId, tenant.value(), id).update();
    }

    void unlink(TenantId tenant, UUID id) {
        jdbc.sql("delete from identity_scim_group where tenant_id = ? and id = ?").params(tenant.value(), id).update();
    }

    private static Group group(ResultSet rs, int row) throws SQLException {
        return new Group(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant());
    }
}
