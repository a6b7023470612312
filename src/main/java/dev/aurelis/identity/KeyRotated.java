package dev.aurelis.identity;

import java.time.Instant;
import java.util.UUID;

/** Published after a key was replaced by a new one; the old key works until {@code graceUntil}. */
public record KeyRotated(String tenantId, UUID oldKeyId, UUID newKeyId, Instant graceUntil) {
}
