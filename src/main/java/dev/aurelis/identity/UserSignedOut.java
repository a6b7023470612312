package dev.aurelis.identity;

import java.util.UUID;

/** Published when a person ended their session by signing out. */
public record UserSignedOut(String tenantId, UUID userId, String email, String method, UUID sessionId) {
}
