package dev.aurelis.webhooks;

/** A subscription just made (or its secret just rotated), with the secret shown this once. */
public record NewSubscription(Subscription subscription, String secret) {
}
