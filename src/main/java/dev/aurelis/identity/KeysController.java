package dev.aurelis.identity;

import dev.aurelis.access.AccessDenied;
import dev.aurelis.access.Permission;
import dev.aurelis.access.Scope;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.Team;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API for API keys: issue, list, revoke, rotate. The secret is returned once, at issue. Callers see
 * and change only keys within the reach of their {@code keys:read} / {@code keys:manage} permission (a team
 * lead their team's keys, a department manager their department's); keys outside it do not exist for them.
 */
@RestController
@RequestMapping("/api/v1/keys")
class KeysController {

    private static final Duration DEFAULT_GRACE = Duration.ofHours(24);

    private final ApiKeys keys;
    private final Organizations organizations;

    KeysController(ApiKeys keys, Organizations organizations) {
        this.keys = keys;
        this.organizations = organizations;
    }

    record CreateKey(String user, String team, String project, String name, String expiresIn, String expiresAt,
            List<String> roles) {
    }

    record RotateKey(String gracePeriod) {
    }

    record KeyView(UUID id, String key, String prefix, String user, String team, String project, String name,
            List<String> roles, String status, Instant createdAt, Instant expiresAt, Instant revokedAt,
            Instant graceUntil, UUID replacedBy) {

        static KeyView of(ApiKeyInfo info, String key) {
            return new KeyView(info.id(), key, info.prefix(), info.user(), info.team(), info.project(), info.name(),
                    info.roles(), info.status(), info.createdAt(), info.expiresAt(), info.revokedAt(),
                    info.graceUntil(), info.replacedBy());
        }
    }

    @PostMapping
    ResponseEntity<KeyView> create(@RequestBody(required = false) CreateKey body) {
        if (body == null || body.user() == null || body.user().isBlank()) {
            throw new IllegalArgumentException("'user' (the key owner's e-mail) is required.");
        }
        if (!body.user().contains("@")) {
            throw new IllegalArgumentException("'user' must be an e-mail address, got '" + body.user() + "'.");
        }
        Caller admin = AdminCallers.current();
        Instant expiresAt = null;
        if (body.expiresIn() != null && body.expiresAt() != null) {
            throw new IllegalArgumentException("Give either 'expires_in' or 'expires_at', not both.");
        }
        if (body.expiresIn() != null) {
            expiresAt = Durations.fromNow(Durations.parse(body.expiresIn()));
        } else if (body.expiresAt() != null) {
            expiresAt = Durations.parseInstant(body.expiresAt());
        }
        if (expiresAt != null && expiresAt.isAfter(Durations.LATEST)) {
            throw new IllegalArgumentException("The expiry must be no later than " + Durations.LATEST + ".");
        }
        Scope scope = admin.scopeOf(Permission.KEYS_MANAGE);
        if (!scope.organization() && !reaches(admin, scope, body.team(), null)) {
            throw new AccessDenied("You may issue keys only for teams within your reach; name one of them in 'team'.");
        }
        IssuedKey issued = keys.issue(new KeyRequest(admin.tenantId(), body.user(), body.team(), body.project(),
                body.name(), expiresAt, body.roles()), admin.asGrantor());
        return ResponseEntity.status(HttpStatus.CREATED).body(KeyView.of(issued.info(), issued.key()));
    }

    @GetMapping
    Map<String, List<KeyView>> list(@RequestParam(required = false) String user,
            @RequestParam(required = false) String team,
            @RequestParam(name = "include_revoked", defaultValue = "false") boolean includeRevoked) {
        Caller admin = AdminCallers.current();
        Scope scope = admin.scopeOf(Permission.KEYS_READ);
        return Map.of("data", keys.list(admin.tenantId(), user, team, includeRevoked).stream()
                .filter(k -> reaches(admin, scope, k.team(), k.userId()))
                .map(k -> KeyView.of(k, null)).toList());
    }

    @GetMapping("/{id}")
    ResponseEntity<KeyView> get(@PathVariable UUID id) {
        Caller admin = AdminCallers.current();
        return reachable(admin, Permission.KEYS_READ, id).map(k -> ResponseEntity.ok(KeyView.of(k, null)))
                .orElseThrow(() -> new NotFound("No key with id " + id + "."));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable UUID id) {
        Caller admin = AdminCallers.current();
        if (reachable(admin, Permission.KEYS_MANAGE, id).isEmpty() || !keys.revoke(admin.tenantId(), id)) {
            throw new NotFound("No key with id " + id + ".");
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/rotate")
    ResponseEntity<KeyView> rotate(@PathVariable UUID id, @RequestBody(required = false) RotateKey body) {
        Caller admin = AdminCallers.current();
        Duration grace = body == null || body.gracePeriod() == null ? DEFAULT_GRACE : Durations.parse(body.gracePeriod());
        if (reachable(admin, Permission.KEYS_MANAGE, id).isEmpty()) {
            throw new NotFound("No key with id " + id + ".");
        }
        IssuedKey issued = keys.rotate(admin.tenantId(), id, grace, admin.asGrantor())
                .orElseThrow(() -> new NotFound("No key with id " + id + "."));
        return ResponseEntity.status(HttpStatus.CREATED).body(KeyView.of(issued.info(), issued.key()));
    }

    private java.util.Optional<ApiKeyInfo> reachable(Caller admin, String permission, UUID id) {
        Scope scope = admin.scopeOf(permission);
        return keys.find(admin.tenantId(), id).filter(k -> reaches(admin, scope, k.team(), k.userId()));
    }

    private boolean reaches(Caller admin, Scope scope, String team, UUID owner) {
        String department = organizations.team(admin.tenantId(), team).map(Team::department).orElse(null);
        return scope.reachesRecord(owner, team, department);
    }

    /** A resource that does not exist in the caller's organisation. */
    static final class NotFound extends java.util.NoSuchElementException {
        NotFound(String message) {
            super(message);
        }
    }
}
