package dev.aurelis.providers;

/**
 * A provider's answer body that knows whether its reader is waiting on the provider (ADR 0073): a timeout for a
 * provider that fell silent must count only that time, never the time the gateway itself was busy.
 */
public interface ProviderSilence {

    /**
     * Since when (in {@link System#nanoTime()}) the reader has been waiting for bytes the provider has not sent; 0
     * while it is not waiting, or the provider's bytes arrived and the gateway has not taken them yet.
     */
    long silentSinceNanos();
}
