package dev.aurelis.identity;

/**
 * Published when a sign-in attempt was refused. {@code principal} is what the person or provider claimed
 * (a name typed, an e-mail in a token), never a password or code.
 */
public record SignInFailed(String tenantId, String method, String principal, String reason) {
}
