package dev.aurelis.identity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What may be shown about a key after it was issued: never the key itself. */
public record ApiKeyInfo(UUID id, String prefix, String user, String team, String project, String name,
        List<String> roles, String status, Instant createdAt, Instant expiresAt, Instant revokedAt, Instant graceUntil,
        UUID replacedBy, UUID userId) {
}
