package dev.aurelis.configuration;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code routing:} how Aurelis spreads requests over deployments and survives a provider's failure. The brief's
 * {@code models:} section says which model serves which task; this section adds what it leaves open.
 *
 * @param autoModel      the model name clients send to let Aurelis choose by {@code models.routing_strategy};
 *                       default {@code auto}
 * @param tiers          model name to its quality tier (higher is better), used by the {@code intelligent} strategy
 *                       to trade price and latency only between models of equal quality
 * @param tasks          task to the models allowed to serve it (intelligent, cost_optimized, latency_optimized);
 *                       without an entry a task may use its preference, the primary and the fallback
 * @param aliases        model name clients ask for to the deployments that serve it
 * @param fallbacks      model name to the models tried, in order, once all its deployments failed; without an
 *                       entry {@code models.fallback}
 * @param retry          retries of one deployment before falling over to the next
 * @param circuitBreaker when a deployment stops receiving requests after failing
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Routing(
        String autoModel,
        Map<String, @NotNull(message = "must be a whole number") @PositiveOrZero(message = "must not be negative") Integer> tiers,
        Map<String, List<@NotBlank(message = "must name a model") String>> tasks,
        Map<String, @Valid @NotNull(message = "must list deployments") Alias> aliases,
        Map<String, List<@NotBlank(message = "must name a model") String>> fallbacks,
        @Valid Retry retry,
        @Valid CircuitBreaker circuitBreaker) {

    public static final String DEFAULT_AUTO_MODEL = "auto";

    public Routing {
        autoModel = Defaults.orElse(Defaults.blankToNull(autoModel), DEFAULT_AUTO_MODEL);
        tiers = Defaults.map(tiers, () -> null);
        tasks = Defaults.map(tasks, List::of);
        aliases = Defaults.map(aliases, () -> null);
        fallbacks = Defaults.map(fallbacks, List::of);
        retry = Defaults.orElse(retry, Retry.defaults());
        circuitBreaker = Defaults.orElse(circuitBreaker, CircuitBreaker.defaults());
    }

    public static Routing defaults() {
        return new Routing(null, null, null, null, null, null, null);
    }

    /** How requests for an alias are spread over its deployments. */
    public enum Balance {
        /** At random in proportion to {@code weight}. */
        @JsonProperty("weighted") WEIGHTED,
        /** The deployment with the lowest recent median latency first. */
        @JsonProperty("least_latency") LEAST_LATENCY,
        /** In the order written; the others only when it fails. */
        @JsonProperty("priority") PRIORITY
    }

    /**
     * One client-facing model name served by several deployments.
     *
     * @param balance default {@code weighted}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Alias(
            Balance balance,
            @NotEmpty(message = "must list at least one deployment")
            List<@NotNull(message = "must not be empty") @Valid AliasDeployment> deployments) {

        public Alias {
            balance = Defaults.orElse(balance, Balance.WEIGHTED);
            deployments = Defaults.list(deployments);
        }
    }

    /**
     * One deployment of an alias: a provider and one of the models listed under it.
     *
     * @param model  the model's name (or id) under {@code providers[].models}
     * @param weight share of requests under {@code weighted} balancing; default 1
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AliasDeployment(
            @NotBlank(message = "must name a provider") String provider,
            @NotBlank(message = "must name a model of that provider") String model,
            @Positive(message = "must be at least 1") Integer weight) {

        public AliasDeployment {
            weight = Defaults.orElse(weight, 1);
        }
    }

    /**
     * @param maxRetries    retries of the same deployment after a 429, a 5xx or a dropped connection; default 1
     * @param backoff       wait before the first retry, doubled for each further one, with random jitter;
     *                      default 200ms
     * @param maxBackoff    longest wait between two tries; default 5s
     * @param maxRetryAfter longest {@code retry-after} Aurelis waits out itself when no other deployment is left;
     *                      a longer one is passed on to the client; default 10s
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Retry(
            @PositiveOrZero(message = "must not be negative") Integer maxRetries,
            @JsonDeserialize(using = HumanDurationDeserializer.class) Duration backoff,
            @JsonDeserialize(using = HumanDurationDeserializer.class) Duration maxBackoff,
            @JsonDeserialize(using = HumanDurationDeserializer.class) Duration maxRetryAfter) {

        public Retry {
            maxRetries = Defaults.orElse(maxRetries, 1);
            backoff = Defaults.orElse(backoff, Duration.ofMillis(200));
            maxBackoff = Defaults.orElse(maxBackoff, Duration.ofSeconds(5));
            maxRetryAfter = Defaults.orElse(maxRetryAfter, Duration.ofSeconds(10));
        }

        public static Retry defaults() {
            return new Retry(null, null, null, null);
        }
    }

    /**
     * A breaker per deployment over its last {@code window} attempts.
     *
     * @param enabled        false: no deployment is ever skipped for its past failures or a {@code retry-after};
     *                       health is still measured; default true
     * @param failureRate    share of failed attempts in the window that opens the breaker; default 0.5
     * @param minimumCalls   attempts the window must hold before the rate counts; default 5
     * @param window         attempts remembered; default 20
     * @param cooldown       how long an open breaker refuses requests before letting a trial through; default 30s
     * @param halfOpenCalls  trial attempts that must succeed to close it again; default 1
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CircuitBreaker(
            Boolean enabled,
            @DecimalMin(value = "0", inclusive = false, message = "must be above 0 and at most 1")
            @DecimalMax(value = "1", message = "must be above 0 and at most 1") BigDecimal failureRate,
            @Positive(message = "must be at least 1") Integer minimumCalls,
            @Positive(message = "must be at least 1") Integer window,
            @JsonDeserialize(using = HumanDurationDeserializer.class) Duration cooldown,
            @Positive(message = "must be at least 1") Integer halfOpenCalls) {

        public CircuitBreaker {
            enabled = Defaults.orElse(enabled, Boolean.TRUE);
            failureRate = Defaults.orElse(failureRate, new BigDecimal("0.5"));
            minimumCalls = Defaults.orElse(minimumCalls, 5);
            window = Defaults.orElse(window, 20);
            cooldown = Defaults.orElse(cooldown, Duration.ofSeconds(30));
            halfOpenCalls = Defaults.orElse(halfOpenCalls, 1);
        }

        public static CircuitBreaker defaults() {
            return new CircuitBreaker(null, null, null, null, null, null);
        }
    }
}
