package dev.aurelis.identity;

import dev.aurelis.access.AccessPolicy;
import dev.aurelis.access.BuiltInRoles;
import dev.aurelis.tenancy.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The people who use Aurelis, known by e-mail within their organisation; created on first mention (a key
 * issued for them, the configuration file) or provisioned by an identity provider. Every change publishes an
 * event; de-provisioning revokes the user's keys in the same transaction (see {@link ApiKeys}).
 */
@Component
public class Users {

    /** The actor (and role-binding source) of what the first start sets up for the bootstrap administrator. */
    public static final String BOOTSTRAP = "bootstrap";

    private static final String SELECT = """
            select u.id, u.email, coalesce(u.user_name, u.email), u.external_id, u.display_name, u.given_name,
                   u.family_name, u.status,
                   coalesce((select array_agg(t.team order by t.team) from identity_user_team t
                             where t.tenant_id = u.tenant_id and t.user_id = u.id), '{}'),
                   u.created_at, u.updated_at
            from identity_user u
            """;

    private final JdbcClient jdbc;
    private final AccessPolicy access;
    private final ApplicationEventPublisher events;

    Users(JdbcClient jdbc, AccessPolicy access, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.access = access;
        this.events = events;
    }

    /** The user's id, creating the user on first mention. */
    @Transactional
    public UUID ensure(TenantId tenant, String email) {
        return ensure(tenant, email, "first_mention", null);
    }

    /** The user's id, creating the user on first mention; {@code via} says what mentioned them. */
    @Transactional
    public UUID ensure(TenantId tenant, String email, String via, String actor) {
        String normalized = normalizeEmail(email);
        UUID id = UUID.randomUUID();
        int created = jdbc.sql("""
                insert into identity_user (tenant_id, id, email) values (?, ?, ?) on conflict do nothing
                """).params(tenant.value(), id, normalized).update();
        if (created > 0) {
            events.publishEvent(new UserProvisioned(tenant.value(), id, normalized, via, actor));
            return id;
        }
        return jdbc.sql("""
                select id from identity_user where tenant_id = ? and (email = ? or lower(coalesce(user_name, email)) = ?)
                order by (email = ?) desc limit 1
                """).params(tenant.value(), normalized, normalized, normalized).query(UUID.class).single();
    }

    /** Creates a user as an identity provider describes them; a user of that name or e-mail must not exist. */
    @Transactional
    public User create(TenantId tenant, UserDetails details, boolean active, String via, String actor) {
        String email = normalizeEmail(details.email());
        String userName = userNameOf(details, email);
        Optional<User> existing = findByUserNameOrEmail(tenant, userName, email);
        UUID id;
        if (existing.isPresent() && !existing.get().status().equals(User.DELETED)) {
            throw new UserConflict("A user with userName '" + userName + "' or e-mail '" + email + "' exists already.");
        } else if (existing.isPresent()) {
            // the same person provisioned again after deletion: revive the row, which keys and history refer to
            id = existing.get().id();
            write(tenant, id, details, email, userName, active);
        } else {
            id = UUID.randomUUID();
            jdbc.sql("""
                    insert into identity_user (tenant_id, id, email, user_name, external_id, display_name, given_name,
                        family_name, status)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).params(tenant.value(), id, email, userName.equalsIgnoreCase(email) ? null : userName,
                    details.externalId(), details.displayName(), details.givenName(), details.familyName(),
                    active ? User.ACTIVE : User.INACTIVE).update();
        }
        events.publishEvent(new UserProvisioned(tenant.value(), id, email, via, actor));
        if (!active) {
            events.publishEvent(new UserDeprovisioned(tenant.value(), id, email, false, actor));
        }
        return find(tenant, id).orElseThrow();
    }

    /** Replaces every attribute of a user (null clears an optional one) and sets whether they are active. */
    @Transactional
    public User replace(TenantId tenant, UUID id, UserDetails details, boolean active, String actor) {
        User current = find(tenant, id).filter(u -> !u.status().equals(User.DELETED))
                .orElseThrow(() -> new java.util.NoSuchElementException("No user with id " + id + "."));
        String email = normalizeEmail(details.email());
        String userName = userNameOf(details, email);
        findByUserNameOrEmail(tenant, userName, email).filter(other -> !other.id().equals(id))
                .ifPresent(other -> {
                    throw new UserConflict("Another user has userName '" + userName + "' or e-mail '" + email + "'.");
                });
        write(tenant, id, details, email, userName, current.active());
        User updated = find(tenant, id).orElseThrow();
        if (!sameAttributes(current, updated)) {
            events.publishEvent(new UserUpdated(tenant.value(), id, email, actor));
        }
        if (active != current.active()) {
            setActive(tenant, id, active, actor);
        }
        return find(tenant, id).orElseThrow();
    }

    private void write(TenantId tenant, UUID id, UserDetails details, String email, String userName, boolean active) {
        jdbc.sql("""
                update identity_user set email = ?, user_name = ?, external_id = ?, display_name = ?, given_name = ?,
                    family_name = ?, status = ?, updated_at = clock_timestamp()
                where tenant_id = ? and id = ?
                """).params(email, userName.equalsIgnoreCase(email) ? null : userName, details.externalId(),
                details.displayName(), details.givenName(), details.familyName(), active ? User.ACTIVE : User.INACTIVE,
                tenant.value(), id).update();
    }

    private static boolean sameAttributes(User a, User b) {
        return java.util.Objects.equals(a.email(), b.email()) && java.util.Objects.equals(a.userName(), b.userName())
                && java.util.Objects.equals(a.externalId(), b.externalId())
                && java.util.Objects.equals(a.displayName(), b.displayName())
                && java.util.Objects.equals(a.givenName(), b.givenName())
                && java.util.Objects.equals(a.familyName(), b.familyName());
    }

    /**
     * Activates or de-provisions a user. De-provisioning publishes {@link UserDeprovisioned}, on which every
     * key of the user is revoked at once and sessions end; reactivation does not bring keys back.
     */
    @Transactional
    public User setActive(TenantId tenant, UUID id, boolean active, String actor) {
        User user = find(tenant, id).filter(u -> !u.status().equals(User.DELETED))
                .orElseThrow(() -> new java.util.NoSuchElementException("No user with id " + id + "."));
        if (user.active() == active) {
            return user;
        }
        jdbc.sql("update identity_user set status = ?, updated_at = clock_timestamp() where tenant_id = ? and id = ?")
                .params(active ? User.ACTIVE : User.INACTIVE, tenant.value(), id).update();
        events.publishEvent(active ? new UserReactivated(tenant.value(), id, user.email(), actor)
                : new UserDeprovisioned(tenant.value(), id, user.email(), false, actor));
        return find(tenant, id).orElseThrow();
    }

    /**
     * De-provisions and removes a user: their keys are revoked, they leave every team, and they are no longer
     * listed. The row stays, because keys and usage history refer to it.
     */
    @Transactional
    public boolean delete(TenantId tenant, UUID id, String actor) {
        Optional<User> user = find(tenant, id).filter(u -> !u.status().equals(User.DELETED));
        if (user.isEmpty()) {
            return false;
        }
        for (String team : user.get().teams()) {
            leaveTeam(tenant, id, team, actor);
        }
        jdbc.sql("update identity_user set status = ?, updated_at = clock_timestamp() where tenant_id = ? and id = ?")
                .params(User.DELETED, tenant.value(), id).update();
        events.publishEvent(new UserDeprovisioned(tenant.value(), id, user.get().email(), true, actor));
        return true;
    }

    @Transactional
    public void joinTeam(TenantId tenant, UUID userId, String team) {
        joinTeam(tenant, userId, team, null);
    }

    @Transactional
    public boolean joinTeam(TenantId tenant, UUID userId, String team, String actor) {
        int added = jdbc.sql("insert into identity_user_team (tenant_id, user_id, team) values (?, ?, ?) on conflict do nothing")
                .params(tenant.value(), userId, team).update();
        if (added > 0) {
            touch(tenant, userId);
            events.publishEvent(new TeamMemberAdded(tenant.value(), team, userId, actor));
        }
        return added > 0;
    }

    @Transactional
    public boolean leaveTeam(TenantId tenant, UUID userId, String team, String actor) {
        int removed = jdbc.sql("delete from identity_user_team where tenant_id = ? and user_id = ? and team = ?")
                .params(tenant.value(), userId, team).update();
        if (removed > 0) {
            touch(tenant, userId);
            events.publishEvent(new TeamMemberRemoved(tenant.value(), team, userId, actor));
        }
        return removed > 0;
    }

    /** Membership changes count as changes of the user, so other replicas rebuild their key cache. */
    private void touch(TenantId tenant, UUID userId) {
        jdbc.sql("update identity_user set updated_at = clock_timestamp() where tenant_id = ? and id = ?")
                .params(tenant.value(), userId).update();
    }

    /** Binds a role to the user directly (used for the bootstrap administrator). */
    @Transactional
    public void grantRole(TenantId tenant, UUID userId, String role) {
        access.ensureBound(tenant, userId, role, role.equals(BuiltInRoles.ENTERPRISE_ADMIN) ? BOOTSTRAP : "system");
    }

    public Optional<User> find(TenantId tenant, UUID id) {
        return jdbc.sql(SELECT + " where u.tenant_id = ? and u.id = ?").params(tenant.value(), id)
                .query(Users::user).optional();
    }

    /**
     * The id of the user with this e-mail address, whatever their status; empty for a blank name or one that is
     * not an e-mail address (sign-in forms accept directory user names too).
     */
    public Optional<UUID> idOf(TenantId tenant, String email) {
        if (email == null || !email.contains("@")) {
            return Optional.empty();
        }
        return jdbc.sql("select id from identity_user where tenant_id = ? and email = ?")
                .params(tenant.value(), normalizeEmail(email)).query(UUID.class).optional();
    }

    public Optional<User> findByEmail(TenantId tenant, String email) {
        return jdbc.sql(SELECT + " where u.tenant_id = ? and u.email = ?").params(tenant.value(), normalizeEmail(email))
                .query(Users::user).optional();
    }

    /**
     * The user an address names, as {@link #ensure} would find them: by e-mail, or by a user name equal to it
     * (whatever their status).
     */
    public Optional<User> findByAddress(TenantId tenant, String email) {
        String normalized = normalizeEmail(email);
        return findByUserNameOrEmail(tenant, normalized, normalized);
    }

    private Optional<User> findByUserNameOrEmail(TenantId tenant, String userName, String email) {
        return jdbc.sql(SELECT + " where u.tenant_id = ? and (lower(coalesce(u.user_name, u.email)) = lower(?) or u.email = ?)"
                + " order by (u.status = 'deleted'), u.created_at limit 1")
                .params(tenant.value(), userName, email).query(Users::user).optional();
    }

    /** Every user of the organisation that was not deleted, oldest first. */
    public List<User> list(TenantId tenant) {
        return jdbc.sql(SELECT + " where u.tenant_id = ? and u.status <> 'deleted' order by u.created_at, u.id")
                .param(tenant.value()).query(Users::user).list();
    }

    /** The ids of a team's members. */
    public List<UUID> members(TenantId tenant, String team) {
        return jdbc.sql("""
                select t.user_id from identity_user_team t join identity_user u on u.tenant_id = t.tenant_id and u.id = t.user_id
                where t.tenant_id = ? and t.team = ? and u.status <> 'deleted' order by t.user_id
                """).params(tenant.value(), team).query(UUID.class).list();
    }

    private static User user(ResultSet rs, int row) throws SQLException {
        return new User(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), List.of((String[]) rs.getArray(9).getArray()),
                instant(rs.getTimestamp(10)), instant(rs.getTimestamp(11)));
    }

    private static java.time.Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    private static String userNameOf(UserDetails details, String email) {
        String userName = details.userName() == null || details.userName().isBlank() ? email : details.userName().strip();
        return userName;
    }

    static String normalizeEmail(String email) {
        if (email == null || email.isBlank()) {
            throw new IllegalArgumentException("A user e-mail is required.");
        }
        String normalized = email.strip().toLowerCase(Locale.ROOT);
        if (!normalized.contains("@")) {
            throw new IllegalArgumentException("'" + email.strip() + "' is not an e-mail address.");
        }
        return normalized;
    }
}
