package dev.aurelis.gateway;

import org.springframework.stereotype.Component;

/**
 * Limits of the gateway that the configuration file sets (defaults suit coding agents' large requests). How long
 * a provider may take is each provider's own {@code timeout}, not a gateway-wide setting.
 */
@Component
public class GatewaySettings {

    public static final long DEFAULT_MAX_BODY_BYTES = 32L * 1024 * 1024;

    private volatile long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private volatile Integer defaultMaxTokens;

    /**
     * @param defaultMaxTokens {@code gateway.default_max_tokens}: the output cap sent upstream (and reserved) for a
     *                         request that sets none; null leaves such requests as they are
     */
    public void configure(long maxBodyBytes, Integer defaultMaxTokens) {
        this.maxBodyBytes = maxBodyBytes > 0 ? maxBodyBytes : DEFAULT_MAX_BODY_BYTES;
        this.defaultMaxTokens = defaultMaxTokens != null && defaultMaxTokens > 0 ? defaultMaxTokens : null;
    }

    /** The output cap a request without one gets, or null. */
    public Integer defaultMaxTokens() {
        return defaultMaxTokens;
    }

    public long maxBodyBytes() {
        return maxBodyBytes;
    }
}
