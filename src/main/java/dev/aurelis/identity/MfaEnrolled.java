package dev.aurelis.identity;

import java.util.UUID;

/** Published when a user enrolled a second factor ({@code totp} or {@code webauthn}). */
public record MfaEnrolled(String tenantId, UUID userId, String factor) {
}
