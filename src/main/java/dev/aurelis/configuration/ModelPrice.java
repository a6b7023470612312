package dev.aurelis.configuration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;

/**
 * One entry of {@code pricing:}, keyed by the model name clients ask for: prices in {@code pricing_currency} per
 * million tokens.
 *
 * @param cachedInput price of input tokens read from the provider's prompt cache; null means {@code input}
 * @param cacheWrite  price of input tokens written to the prompt cache; null means {@code input}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelPrice(
        @NotNull(message = "must state the price per million input tokens")
        @DecimalMin(value = "0", message = "must not be negative")
        @DecimalMax(value = "1000000", message = "must be at most 1,000,000 per million tokens") BigDecimal input,
        @NotNull(message = "must state the price per million output tokens")
        @DecimalMin(value = "0", message = "must not be negative")
        @DecimalMax(value = "1000000", message = "must be at most 1,000,000 per million tokens") BigDecimal output,
        @DecimalMin(value = "0", message = "must not be negative")
        @DecimalMax(value = "1000000", message = "must be at most 1,000,000 per million tokens") BigDecimal cachedInput,
        @DecimalMin(value = "0", message = "must not be negative")
        @DecimalMax(value = "1000000", message = "must be at most 1,000,000 per million tokens") BigDecimal cacheWrite) {

    public BigDecimal effectiveCachedInput() {
        return cachedInput != null ? cachedInput : input;
    }

    public BigDecimal effectiveCacheWrite() {
        return cacheWrite != null ? cacheWrite : input;
    }
}
