package dev.aurelis.configuration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.time.Duration;
import java.util.Map;

/**
 * {@code models:} which model answers when the client leaves the choice to Aurelis, and request defaults.
 *
 * @param preferences task name (code_generation, code_review, documentation, ...) to model name
 * @param temperature the temperature of requests that set none (at most 1 for Anthropic's format; not for requests
 *                    that ask for reasoning or name an OpenAI reasoning model); null leaves them as they are
 * @param maxTokens   cap on output tokens per request: larger caps are lowered to it, requests without one get it
 *                    (or {@code gateway.default_max_tokens} when smaller); null means no cap beyond the provider's
 * @param timeout     seconds to wait for an upstream answer; default 120
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelSettings(
        RoutingStrategy routingStrategy,
        String primary,
        String fallback,
        Map<String, String> preferences,
        @DecimalMin(value = "0", message = "must be between 0 and 2")
        @DecimalMax(value = "2", message = "must be between 0 and 2") Double temperature,
        @Positive(message = "must be at least 1") Integer maxTokens,
        @Positive(message = "must be at least 1 second") Integer timeout) {

    public static final int DEFAULT_TIMEOUT_SECONDS = 120;

    public ModelSettings {
        routingStrategy = Defaults.orElse(routingStrategy, RoutingStrategy.INTELLIGENT);
        preferences = Defaults.strings(preferences);
        timeout = Defaults.orElse(timeout, DEFAULT_TIMEOUT_SECONDS);
    }

    public static ModelSettings defaults() {
        return new ModelSettings(null, null, null, null, null, null, null);
    }

    public Duration timeoutDuration() {
        return Duration.ofSeconds(timeout);
    }
}
