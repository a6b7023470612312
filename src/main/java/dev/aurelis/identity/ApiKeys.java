package dev.aurelis.identity;

import dev.aurelis.access.AccessChanged;
import dev.aurelis.access.AccessPolicy;
import dev.aurelis.access.Grantor;
import dev.aurelis.access.Grants;
import dev.aurelis.access.Permission;
import dev.aurelis.access.Subject;
import dev.aurelis.storage.AfterCommit;
import dev.aurelis.storage.SystemDatabase;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.Team;
import dev.aurelis.tenancy.TenantId;
import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues, lists, revokes and rotates API keys, and recognises presented keys from memory. The in-memory view
 * holds every tenant's keys, so it is loaded with the system connections (ADR 0008); it is rebuilt after every
 * local change has committed (keys, users, roles, bindings) and whenever another replica changed any of them
 * (polled off the hot path).
 */
@Component
public class ApiKeys {

    private final JdbcClient jdbc;
    private final JdbcClient directory;
    private final Users users;
    private final Organizations organizations;
    private final AccessPolicy access;
    private final ApplicationEventPublisher events;
    private final SignIn organization;
    private final Clock clock;

    /** Keyed by the hash; lookups by hash reveal nothing about the key itself. */
    private volatile Map<ByteBuffer, CachedKey> byHash = Map.of();
    private volatile String loadedFingerprint = "";

    private record CachedKey(byte[] hash, Caller caller, Instant expiresAt, Instant revokedAt, Instant graceUntil) {
    }

    ApiKeys(JdbcClient jdbc, @SystemDatabase DataSource system, Users users, Organizations organizations,
            AccessPolicy access, ApplicationEventPublisher events, SignIn organization, Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.directory = JdbcClient.create(system);
        this.users = users;
        this.organizations = organizations;
        this.access = access;
        this.events = events;
        this.organization = organization;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /**
     * Recognises a presented key; never touches the database. A key is valid only in its own organisation: several
     * organisations may share one database (and so this cache), but an instance serves the one it is configured
     * for, with that organisation's providers and credentials, so another organisation's key is not valid here.
     */
    public KeyCheck authenticate(String presented) {
        if (presented == null || presented.isBlank()) {
            return KeyCheck.refused("No API key was presented. Send it as 'Authorization: Bearer <key>' or 'x-api-key: <key>'.");
        }
        byte[] hash = KeyMaterial.hash(presented.strip());
        CachedKey cached = byHash.get(ByteBuffer.wrap(hash));
        if (cached == null || !KeyMaterial.sameHash(cached.hash(), hash)
                || !cached.caller().tenantId().equals(organization.settings().tenantId())) {
            return KeyCheck.refused("The API key is not valid.");
        }
        Instant now = clock.instant();
        if (cached.revokedAt() != null && !now.isBefore(cached.revokedAt())) {
            return KeyCheck.refused("The API key " + cached.caller().keyPrefix() + "… has been revoked.");
        }
        if (cached.graceUntil() != null && !now.isBefore(cached.graceUntil())) {
            return KeyCheck.refused("The API key " + cached.caller().keyPrefix()
                    + "… was rotated and its grace period ended at " + cached.graceUntil() + ".");
        }
        if (cached.expiresAt() != null && !now.isBefore(cached.expiresAt())) {
            return KeyCheck.refused("The API key " + cached.caller().keyPrefix() + "… expired at " + cached.expiresAt() + ".");
        }
        return KeyCheck.accepted(cached.caller());
    }

    /**
     * Issues a key. A person ({@code grantor}) may issue only a key whose grants they hold themselves, as far as
     * they reach (the key's roles, the owner's own roles and those of the owner's teams all count; see
     * {@link AccessPolicy#requireMayConfer}), and may put the owner into the key's team only when every team the
     * owner belongs to is within their reach.
     */
    @Transactional
    public IssuedKey issue(KeyRequest request, Grantor grantor) {
        TenantId tenant = request.tenantId();
        UUID userId = users.ensure(tenant, request.userEmail(), "first_mention", grantor.actor());
        User owner = users.find(tenant, userId).orElseThrow();
        if (!owner.active()) {
            throw new IllegalArgumentException("The user " + owner.email() + " is de-provisioned (" + owner.status()
                    + "); a key for them would not work.");
        }
        String team = request.team();
        if (team != null && !team.isBlank()) {
            access.requireMayJoin(grantor, tenant, team, owner.teams(), Permission.KEYS_MANAGE, owner.email());
            organizations.teamForKey(tenant, team);
            users.joinTeam(tenant, userId, team);
        }
        for (String role : request.roles()) {
            if (!access.roleExists(tenant, role)) {
                throw new IllegalArgumentException("Unknown role '" + role + "'.");
            }
        }
        Set<String> teams = new HashSet<>(users.find(tenant, userId).orElseThrow().teams());
        Grants resulting = access.grantsOf(tenant, new Subject(userId, request.roles(), blankToNull(team), teams));
        access.requireMayConfer(grantor, tenant, resulting.grants(), "issue this key (with the roles " + resulting.roles() + ")");
        if (request.expiresAt() != null && !request.expiresAt().isAfter(clock.instant())) {
            throw new IllegalArgumentException("The expiry " + request.expiresAt() + " is not in the future.");
        }
        String key = KeyMaterial.newKey();
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into identity_api_key (tenant_id, id, key_hash, prefix, user_id, team, project, name, roles,
                    created_at, expires_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, clock_timestamp())
                """).params(tenant.value(), id, KeyMaterial.hash(key), KeyMaterial.visiblePrefix(key), userId,
                blankToNull(team), blankToNull(request.project()), blankToNull(request.name()),
                request.roles().toArray(String[]::new), Timestamp.from(clock.instant()),
                request.expiresAt() == null ? null : Timestamp.from(request.expiresAt())).update();
        reloadAfterCommit();
        events.publishEvent(new KeyIssued(tenant.value(), id, KeyMaterial.visiblePrefix(key), request.userEmail(), team));
        return new IssuedKey(key, find(tenant, id).orElseThrow());
    }

    /** Installs a key whose secret was chosen outside (the bootstrap admin key from the environment). */
    @Transactional
    public ApiKeyInfo install(TenantId tenant, String key, String userEmail, List<String> roles, String name) {
        UUID userId = users.ensure(tenant, userEmail);
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into identity_api_key (tenant_id, id, key_hash, prefix, user_id, name, roles, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, clock_timestamp())
                """).params(tenant.value(), id, KeyMaterial.hash(key), KeyMaterial.visiblePrefix(key), userId, name,
                roles.toArray(String[]::new)).update();
        reloadAfterCommit();
        events.publishEvent(new KeyIssued(tenant.value(), id, KeyMaterial.visiblePrefix(key), userEmail, null));
        return find(tenant, id).orElseThrow();
    }

    public boolean isKnown(String key) {
        return byHash.containsKey(ByteBuffer.wrap(KeyMaterial.hash(key)));
    }

    /** Whether any key in the tenant carries the given role (used to detect the first start). */
    public boolean anyKeyWithRole(TenantId tenant, String role) {
        return jdbc.sql("select exists (select 1 from identity_api_key where tenant_id = ? and ? = any(roles))")
                .params(tenant.value(), role).query(Boolean.class).single();
    }

    @Transactional
    public boolean revoke(TenantId tenant, UUID id) {
        int updated = jdbc.sql("""
                update identity_api_key set revoked_at = clock_timestamp(), updated_at = clock_timestamp()
                where tenant_id = ? and id = ? and revoked_at is null
                """).params(tenant.value(), id).update();
        if (updated == 0) {
            return find(tenant, id).isPresent();
        }
        reloadAfterCommit();
        find(tenant, id).ifPresent(k -> events.publishEvent(new KeyRevoked(tenant.value(), id, k.prefix())));
        return true;
    }

    /** Revokes every key of a user at once; returns how many were still usable. */
    @Transactional
    public int revokeAllOf(TenantId tenant, UUID userId) {
        List<Map.Entry<UUID, String>> revoked = jdbc.sql("""
                update identity_api_key set revoked_at = clock_timestamp(), updated_at = clock_timestamp()
                where tenant_id = ? and user_id = ? and revoked_at is null
                returning id, prefix
                """).params(tenant.value(), userId).query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2)))
                .list();
        revoked.forEach(k -> events.publishEvent(new KeyRevoked(tenant.value(), k.getKey(), k.getValue())));
        reloadAfterCommit();
        return revoked.size();
    }

    /** De-provisioning takes effect at once: the user's keys are revoked in the same transaction. */
    @EventListener
    void onUserDeprovisioned(UserDeprovisioned event) {
        revokeAllOf(TenantId.of(event.tenantId()), event.userId());
    }

    /** Roles, bindings, memberships and allow-lists feed the cached callers. */
    @EventListener({AccessChanged.class, UserReactivated.class, UserUpdated.class, TeamMemberAdded.class,
            TeamMemberRemoved.class})
    void onCallersChanged() {
        reloadAfterCommit();
    }

    /**
     * Issues a replacement with the same owner, roles and attribution; the old key works for {@code grace}. The
     * replacement carries the rotated key's grants, so only someone who could issue that key may rotate it.
     */
    @Transactional
    public Optional<IssuedKey> rotate(TenantId tenant, UUID id, Duration grace, Grantor grantor) {
        Optional<ApiKeyInfo> old = find(tenant, id);
        if (old.isEmpty()) {
            return Optional.empty();
        }
        ApiKeyInfo info = old.get();
        if (!info.status().equals("active")) {
            throw new IllegalArgumentException("Only an active key can be rotated; key " + info.prefix() + "… is " + info.status() + ".");
        }
        IssuedKey replacement = issue(new KeyRequest(tenant, info.user(), info.team(), info.project(), info.name(),
                info.expiresAt(), info.roles()), grantor);
        Instant graceUntil = clock.instant().plus(grace);
        jdbc.sql("""
                update identity_api_key set replaced_by = ?, grace_until = ?, updated_at = clock_timestamp()
                where tenant_id = ? and id = ?
                """).params(replacement.info().id(), Timestamp.from(graceUntil), tenant.value(), id).update();
        reloadAfterCommit();
        events.publishEvent(new KeyRotated(tenant.value(), id, replacement.info().id(), graceUntil));
        return Optional.of(replacement);
    }

    public Optional<ApiKeyInfo> find(TenantId tenant, UUID id) {
        return jdbc.sql(SELECT_INFO + " where k.tenant_id = ? and k.id = ?").params(tenant.value(), id)
                .query(this::info).optional();
    }

    public List<ApiKeyInfo> list(TenantId tenant, String userEmail, String team, boolean includeInactive) {
        StringBuilder sql = new StringBuilder(SELECT_INFO).append(" where k.tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(tenant.value()));
        if (userEmail != null && !userEmail.isBlank()) {
            sql.append(" and lower(u.email) = lower(?)");
            params.add(userEmail);
        }
        if (team != null && !team.isBlank()) {
            sql.append(" and k.team = ?");
            params.add(team);
        }
        sql.append(" order by k.created_at, k.id");
        List<ApiKeyInfo> all = jdbc.sql(sql.toString()).params(params).query(this::info).list();
        return includeInactive ? all : all.stream().filter(k -> k.status().equals("active") || k.status().equals("rotated")).toList();
    }

    private static final String SELECT_INFO = """
            select k.id, k.prefix, u.email, k.team, k.project, k.name, k.roles, k.created_at, k.expires_at,
                   k.revoked_at, k.grace_until, k.replaced_by, k.user_id
            from identity_api_key k join identity_user u on u.tenant_id = k.tenant_id and u.id = k.user_id
            """;

    private ApiKeyInfo info(ResultSet rs, int row) throws SQLException {
        Instant expires = instant(rs, 9);
        Instant revoked = instant(rs, 10);
        Instant grace = instant(rs, 11);
        Instant now = clock.instant();
        String status;
        if (revoked != null) {
            status = "revoked";
        } else if (grace != null) {
            status = now.isBefore(grace) ? "rotated" : "expired";
        } else if (expires != null && !now.isBefore(expires)) {
            status = "expired";
        } else {
            status = "active";
        }
        return new ApiKeyInfo(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), List.of((String[]) rs.getArray(7).getArray()), status,
                instant(rs, 8), expires, revoked, grace, rs.getObject(12, UUID.class), rs.getObject(13, UUID.class));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    /**
     * What the cached callers are built from; when it differs from the last load another replica changed
     * something. Deletions show in the counts, changes in the timestamps. Access and tenancy summarise their own
     * tables (roles and grants, teams and projects).
     */
    private static final String FINGERPRINT = """
            select concat_ws('|',
                (select max(updated_at) from identity_api_key),
                (select max(updated_at) from identity_user))
            """;

    private String fingerprint() {
        return directory.sql(FINGERPRINT).query(String.class).single() + "|" + access.fingerprint() + "|"
                + organizations.fingerprint();
    }

    /** Picks up changes made by other replicas; cheap when nothing changed. */
    @Scheduled(fixedDelayString = "${aurelis.identity.refresh-interval:2s}", initialDelayString = "${aurelis.identity.refresh-interval:2s}")
    void pollForChanges() {
        String fingerprint = fingerprint();
        if (!fingerprint.equals(loadedFingerprint)) {
            organizations.refresh();
            access.refresh();
            reload();
        }
    }

    /** Rebuilds the in-memory view once the current transaction has committed (at once outside one). */
    public void reloadAfterCommit() {
        AfterCommit.runOnce(this, this::reload);
    }

    /**
     * Rebuilds the in-memory view from committed rows; called after every change here and after configuration
     * is applied. Reads every tenant's keys with the system connections: this is one of the few deliberate
     * cross-tenant reads (ADR 0008).
     */
    public synchronized void reload() {
        String fingerprint = fingerprint();
        Map<ByteBuffer, CachedKey> next = new ConcurrentHashMap<>();
        directory.sql("""
                select k.tenant_id, k.id, k.key_hash, k.prefix, k.user_id, u.email, k.team, k.project, k.roles,
                       k.expires_at, k.revoked_at, k.grace_until,
                       coalesce((select array_agg(t.team) from identity_user_team t
                                 where t.tenant_id = k.tenant_id and t.user_id = k.user_id), '{}') as user_teams
                from identity_api_key k join identity_user u on u.tenant_id = k.tenant_id and u.id = k.user_id
                where u.status = 'active'
                """).query((rs, n) -> {
                    TenantId tenant = TenantId.of(rs.getString(1));
                    String team = rs.getString(7);
                    UUID userId = rs.getObject(5, UUID.class);
                    List<String> keyRoles = List.of((String[]) rs.getArray(9).getArray());
                    Set<String> memberTeams = new LinkedHashSet<>(List.of((String[]) rs.getArray(13).getArray()));
                    Grants grants = access.grantsOf(tenant, new Subject(userId, keyRoles, team, memberTeams));
                    Optional<Team> teamInfo = organizations.team(tenant, team);
                    String department = teamInfo.map(Team::department).orElse(null);
                    String costCenter = teamInfo.map(Team::costCenter).orElse(null);
                    String project = rs.getString(8);
                    if (project != null) {
                        costCenter = organizations.project(tenant, project).map(p -> p.costCenter()).filter(c -> c != null)
                                .orElse(costCenter);
                    }
                    byte[] hash = rs.getBytes(3);
                    Caller caller = new Caller(tenant, userId, rs.getString(6), rs.getObject(2, UUID.class),
                            rs.getString(4), team, department, costCenter, project, grants,
                            access.modelsFor(tenant, team, memberTeams));
                    return new CachedKey(hash, caller, instant(rs, 10), instant(rs, 11), instant(rs, 12));
                }).list().forEach(k -> next.put(ByteBuffer.wrap(k.hash()), k));
        byHash = next;
        loadedFingerprint = fingerprint;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
