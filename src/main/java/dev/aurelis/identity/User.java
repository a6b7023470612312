package dev.aurelis.identity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A person known to Aurelis. {@code userName} is what the identity provider calls them (the e-mail unless
 * it says otherwise); {@code status} is {@code active}, {@code inactive} (de-provisioned, may return) or
 * {@code deleted}.
 */
public record User(UUID id, String email, String userName, String externalId, String displayName, String givenName,
        String familyName, String status, List<String> teams, Instant createdAt, Instant updatedAt) {

    public static final String ACTIVE = "active";
    public static final String INACTIVE = "inactive";
    public static final String DELETED = "deleted";

    public User {
        teams = teams == null ? List.of() : List.copyOf(teams);
    }

    public boolean active() {
        return ACTIVE.equals(status);
    }
}
