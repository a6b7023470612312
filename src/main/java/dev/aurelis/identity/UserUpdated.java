package dev.aurelis.identity;

import java.util.UUID;

/** Published after a user's attributes (names, e-mail, external id) changed. */
public record UserUpdated(String tenantId, UUID userId, String email, String actor) {
}
