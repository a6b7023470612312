package dev.aurelis.client;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code /api/v1/keys}: API keys. The secret ({@link ApiKey#key()}) is only in the answer that issues it. */
public final class Keys {

    private static final String PATH = "/api/v1/keys";

    private final Transport transport;

    Keys(Transport transport) {
        this.transport = transport;
    }

    /**
     * A key to issue. Only {@code user} (the owner's e-mail) is required; give either {@code expiresIn}
     * ({@code 90d}, {@code 12h}) or {@code expiresAt}, not both.
     */
    public record NewKey(String user, String team, String project, String name, String expiresIn, String expiresAt,
            List<String> roles) {

        public static NewKey forUser(String email) {
            return new NewKey(email, null, null, null, null, null, null);
        }

        public NewKey withTeam(String team) {
            return new NewKey(user, team, project, name, expiresIn, expiresAt, roles);
        }

        public NewKey withProject(String project) {
            return new NewKey(user, team, project, name, expiresIn, expiresAt, roles);
        }

        public NewKey withName(String name) {
            return new NewKey(user, team, project, name, expiresIn, expiresAt, roles);
        }

        public NewKey expiringIn(String duration) {
            return new NewKey(user, team, project, name, duration, expiresAt, roles);
        }

        public NewKey withRoles(String... roles) {
            return new NewKey(user, team, project, name, expiresIn, expiresAt, List.of(roles));
        }
    }

    /** A key's metadata; {@code key} is the secret, present only when the key was just issued or rotated. */
    public record ApiKey(UUID id, String key, String prefix, String user, String team, String project, String name,
            List<String> roles, String status, Instant createdAt, Instant expiresAt, Instant revokedAt,
            Instant graceUntil, UUID replacedBy) {
    }

    private record KeyList(List<ApiKey> data) {
    }

    private record Rotation(String gracePeriod) {
    }

    public ApiKey create(NewKey key) {
        return transport.json("POST", PATH, Query.of(), key, ApiKey.class);
    }

    /** Keys the caller may read, optionally of one user (e-mail) or team; revoked ones only when asked. */
    public List<ApiKey> list(String user, String team, boolean includeRevoked) {
        return transport.get(PATH, Query.of().with("user", user).with("team", team)
                .with("include_revoked", includeRevoked), KeyList.class).data();
    }

    public List<ApiKey> list() {
        return list(null, null, false);
    }

    public ApiKey get(UUID id) {
        return transport.get(PATH + "/" + id, Query.of(), ApiKey.class);
    }

    public void revoke(UUID id) {
        transport.json("DELETE", PATH + "/" + id, Query.of(), null, Void.class);
    }

    /**
     * A new key replacing {@code id}; the old one keeps working for {@code gracePeriod} ({@code 24h}, {@code 0s};
     * null for the server's default of 24 hours).
     */
    public ApiKey rotate(UUID id, String gracePeriod) {
        return transport.json("POST", PATH + "/" + id + "/rotate", Query.of(), new Rotation(gracePeriod), ApiKey.class);
    }
}
