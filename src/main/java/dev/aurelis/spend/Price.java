package dev.aurelis.spend;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Prices of one model per million tokens. A missing cached-input price means cached tokens cost the input
 * price; a missing cache-write price means cache writes cost the input price.
 */
public record Price(BigDecimal input, BigDecimal output, BigDecimal cachedInput, BigDecimal cacheWrite) {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public Price {
        if (input == null || output == null) {
            throw new IllegalArgumentException("input and output prices are required");
        }
    }

    public static Price of(String input, String output, String cachedInput) {
        return new Price(new BigDecimal(input), new BigDecimal(output),
                cachedInput == null ? null : new BigDecimal(cachedInput), null);
    }

    /** The exact cost of {@code usage}, to ten decimal places. */
    public BigDecimal cost(TokenUsage usage) {
        BigDecimal cached = cachedInput == null ? input : cachedInput;
        BigDecimal write = cacheWrite == null ? input : cacheWrite;
        BigDecimal perMillion = input.multiply(BigDecimal.valueOf(usage.uncachedInputTokens()))
                .add(cached.multiply(BigDecimal.valueOf(usage.cachedInputTokens())))
                .add(write.multiply(BigDecimal.valueOf(usage.cacheWriteTokens())))
                .add(output.multiply(BigDecimal.valueOf(usage.outputTokens())));
        return perMillion.divide(MILLION, 10, RoundingMode.HALF_EVEN);
    }
}
