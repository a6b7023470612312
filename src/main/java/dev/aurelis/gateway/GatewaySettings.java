package dev.aurelis.gateway;

import org.springframework.stereotype.Component;

/**
 * Limits and request defaults of the gateway that the configuration file sets (defaults suit coding agents' large
 * requests). How long a provider may take is each provider's own {@code timeout}, not a gateway-wide setting.
 */
@Component
public class GatewaySettings {

    public static final long DEFAULT_MAX_BODY_BYTES = 32L * 1024 * 1024;

    /** Read together on the hot path; replaced whole when the configuration is applied. */
    private record RequestLimits(Integer defaultMaxTokens, Integer maxOutputTokens, Double defaultTemperature) {
    }

    private volatile long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private volatile RequestLimits requests = new RequestLimits(null, null, null);

    /**
     * @param defaultMaxTokens   {@code gateway.default_max_tokens}: the output cap sent upstream (and reserved) for a
     *                           request that sets none; null leaves such requests as they are
     * @param maxOutputTokens    {@code models.max_tokens}: no request's output cap may exceed it; null for no cap
     * @param defaultTemperature {@code models.temperature}: for requests that set none; null leaves them as they are
     */
    public void configure(long maxBodyBytes, Integer defaultMaxTokens, Integer maxOutputTokens, Double defaultTemperature) {
        this.maxBodyBytes = maxBodyBytes > 0 ? maxBodyBytes : DEFAULT_MAX_BODY_BYTES;
        this.requests = new RequestLimits(positiveOrNull(defaultMaxTokens), positiveOrNull(maxOutputTokens),
                defaultTemperature);
    }

    /** The output cap a request without one gets, or null. */
    public Integer defaultMaxTokens() {
        return requests.defaultMaxTokens();
    }

    /** The largest output cap any request may have, or null. */
    public Integer maxOutputTokens() {
        return requests.maxOutputTokens();
    }

    /** The temperature a request without one gets, or null. */
    public Double defaultTemperature() {
        return requests.defaultTemperature();
    }

    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    private static Integer positiveOrNull(Integer value) {
        return value != null && value > 0 ? value : null;
    }
}
