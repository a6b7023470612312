package dev.aurelis.gateway;

import org.springframework.stereotype.Component;

/**
 * Limits of the gateway that the configuration file sets (defaults suit coding agents' large requests). How long
 * a provider may take is each provider's own {@code timeout}, not a gateway-wide setting.
 */
@Component
public class GatewaySettings {

    public static final long DEFAULT_MAX_BODY_BYTES = 32L * 1024 * 1024;
    /**
     * Exchanges at once, streams included, when the configuration sets none: room for a thousand open streams and
     * their bursts, within a heap of a few hundred MB (BENCHMARKS.md).
     */
    public static final int DEFAULT_MAX_IN_FLIGHT = 2_048;

    private volatile long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private volatile Integer defaultMaxTokens;
    private volatile int maxInFlight = DEFAULT_MAX_IN_FLIGHT;

    /**
     * @param defaultMaxTokens {@code gateway.default_max_tokens}: the output cap sent upstream (and reserved) for a
     *                         request that sets none; null leaves such requests as they are
     * @param maxInFlight      {@code gateway.max_in_flight}: exchanges handled at once; null for the default
     */
    public void configure(long maxBodyBytes, Integer defaultMaxTokens, Integer maxInFlight) {
        this.maxBodyBytes = maxBodyBytes > 0 ? maxBodyBytes : DEFAULT_MAX_BODY_BYTES;
        this.defaultMaxTokens = defaultMaxTokens != null && defaultMaxTokens > 0 ? defaultMaxTokens : null;
        this.maxInFlight = maxInFlight != null && maxInFlight > 0 ? maxInFlight : DEFAULT_MAX_IN_FLIGHT;
    }

    /** How many exchanges the gateway handles at once before it refuses more. */
    public int maxInFlight() {
        return maxInFlight;
    }

    /** The output cap a request without one gets, or null. */
    public Integer defaultMaxTokens() {
        return defaultMaxTokens;
    }

    public long maxBodyBytes() {
        return maxBodyBytes;
    }
}
