package dev.aurelis.identity;

import java.util.UUID;

/** Published after a key was issued (including by rotation). */
public record KeyIssued(String tenantId, UUID keyId, String prefix, String userEmail, String team) {
}
