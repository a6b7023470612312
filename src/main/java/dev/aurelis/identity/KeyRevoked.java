package dev.aurelis.identity;

import java.util.UUID;

/** Published after a key was revoked. */
public record KeyRevoked(String tenantId, UUID keyId, String prefix) {
}
