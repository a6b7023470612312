package dev.aurelis.gateway;

import org.springframework.stereotype.Component;

/**
 * Limits and request defaults of the gateway that the configuration file sets (defaults suit coding agents' large
 * requests). How long a provider may take is each provider's own {@code timeout}, not a gateway-wide setting.
 */
@Component
public class GatewaySettings {

    public static final long DEFAULT_MAX_BODY_BYTES = 32L * 1024 * 1024;
    /**
     * Exchanges at once, streams included, when the configuration sets none: one per {@link #HEAP_PER_EXCHANGE} of
     * the heap (1,024 in the launcher's 512 MB), between {@link #FEWEST_IN_FLIGHT} and {@link #MOST_IN_FLIGHT}
     * (ADR 0082). An exchange in flight holds about 150 KB with its upstream call; the rest is for the connections
     * a burst opens beyond the limit, each with its request's buffers until it is refused.
     */
    public static final int DEFAULT_MAX_IN_FLIGHT = defaultMaxInFlight(Runtime.getRuntime().maxMemory());
    static final long HEAP_PER_EXCHANGE = 512L * 1024;
    static final int FEWEST_IN_FLIGHT = 64;
    static final int MOST_IN_FLIGHT = 4_096;

    static int defaultMaxInFlight(long maxHeap) {
        return Math.clamp(maxHeap / HEAP_PER_EXCHANGE, FEWEST_IN_FLIGHT, MOST_IN_FLIGHT);
    }

    /** Read together on the hot path; replaced whole when the configuration is applied. */
    private record RequestLimits(Integer defaultMaxTokens, Integer maxOutputTokens, Double defaultTemperature) {
    }

    private volatile long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private volatile RequestLimits requests = new RequestLimits(null, null, null);
    private volatile int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private volatile java.time.Duration firstByteTimeout = DEFAULT_FIRST_BYTE_TIMEOUT;
    private volatile java.util.Set<String> refusedIdeFamilies = java.util.Set.of();

    /** How long a provider may take to start a streamed answer when the configuration sets nothing (ADR 0038). */
    public static final java.time.Duration DEFAULT_FIRST_BYTE_TIMEOUT = java.time.Duration.ofSeconds(30);

    /**
     * {@code integrations.ide_integration}: the IDE families ({@code vscode_extension}, {@code jetbrains_plugin},
     * {@code vim_plugin}) whose assistants' traffic is refused; empty when the section is left out (ADR 0068).
     */
    public void configureRefusedIdeFamilies(java.util.Set<String> families) {
        this.refusedIdeFamilies = java.util.Set.copyOf(families);
    }

    /** Whether traffic of this {@code integrations.ide_integration} family is refused. */
    public boolean refusesIdeFamily(String family) {
        return family != null && refusedIdeFamilies.contains(family);
    }

    /** {@code gateway.first_byte_timeout} in seconds; null for the default. */
    public void configureFirstByteTimeout(Integer seconds) {
        this.firstByteTimeout = seconds != null && seconds > 0 ? java.time.Duration.ofSeconds(seconds)
                : DEFAULT_FIRST_BYTE_TIMEOUT;
    }

    /**
     * How long a provider may take to start a streamed answer (its headers, then its first event): the shorter of
     * {@code gateway.first_byte_timeout} and the provider's own timeout.
     */
    public java.time.Duration firstByteTimeout(java.time.Duration providerTimeout) {
        return firstByteTimeout.compareTo(providerTimeout) < 0 ? firstByteTimeout : providerTimeout;
    }

    /**
     * @param defaultMaxTokens   {@code gateway.default_max_tokens}: the output cap sent upstream (and reserved) for a
     *                           request that sets none; null leaves such requests as they are
     * @param maxOutputTokens    {@code models.max_tokens}: no request's output cap may exceed it; null for no cap
     * @param defaultTemperature {@code models.temperature}: for requests that set none; null leaves them as they are
     * @param maxInFlight        {@code gateway.max_in_flight}: exchanges handled at once; null for the default
     */
    public void configure(long maxBodyBytes, Integer defaultMaxTokens, Integer maxOutputTokens, Double defaultTemperature,
            Integer maxInFlight) {
        this.maxBodyBytes = maxBodyBytes > 0 ? maxBodyBytes : DEFAULT_MAX_BODY_BYTES;
        this.requests = new RequestLimits(positiveOrNull(defaultMaxTokens), positiveOrNull(maxOutputTokens),
                defaultTemperature);
        this.maxInFlight = maxInFlight != null && maxInFlight > 0 ? maxInFlight : DEFAULT_MAX_IN_FLIGHT;
    }

    /** How many exchanges the gateway handles at once before it refuses more. */
    public int maxInFlight() {
        return maxInFlight;
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
