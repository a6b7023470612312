package dev.aurelis.access;

import java.util.UUID;

/**
 * Published when an authenticated caller was refused an operation: the permission it requires (if the refusal
 * came from the operation's permission) and why. For the audit trail; never carries request content.
 */
public record AccessRefused(String tenantId, UUID userId, String actor, String method, String path, String permission,
        String reason) {
}
