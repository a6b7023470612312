package dev.aurelis.spend;

/**
 * The tightest rate limit of one kind ({@code requests} or {@code tokens}) after an exchange was admitted: the
 * limit per minute, what is left, and how long until the bucket is full again.
 */
public record RateLimitStatus(String kind, long limit, long remaining, long resetMillis) {
}
