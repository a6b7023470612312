package dev.aurelis.gateway.pipeline;

import dev.aurelis.spend.UsageRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Prometheus metrics per exchange, named after OpenTelemetry's GenAI semantic conventions where one exists
 * ({@code gen_ai.client.token.usage}, {@code gen_ai.server.request.duration},
 * {@code gen_ai.server.time_to_first_token}); cost has no convention and is {@code aurelis.cost}.
 *
 * <p>Every tag value comes from the configuration (provider, model, team) or from a small fixed set (operation,
 * status, error type), never from what a client sends. Each series is registered once and then looked up by a
 * small key; a metric that somehow reached {@link #MAX_SERIES} series records further ones under the tag value
 * {@code other}, so a misconfiguration cannot grow the registry without bound.
 */
@Component
class GatewayMetrics {

    /** Series per metric at most; ample for every provider, model, team and status an organisation has. */
    static final int MAX_SERIES = 5_000;
    private static final String OTHER = "other";

    private record DurationKey(String operation, String provider, String model, int status, String errorType) {
    }

    private record ModelKey(String operation, String provider, String model) {
    }

    private record TokenKey(String operation, String provider, String model, String team, String type) {
    }

    private record CostKey(String provider, String model, String team, String currency) {
    }

    private final MeterRegistry registry;
    private final Map<DurationKey, Timer> durations = new ConcurrentHashMap<>();
    private final Map<ModelKey, Timer> firstTokens = new ConcurrentHashMap<>();
    private final Map<TokenKey, DistributionSummary> tokens = new ConcurrentHashMap<>();
    private final Map<CostKey, Counter> costs = new ConcurrentHashMap<>();
    private final Map<ModelKey, Counter> unpriced = new ConcurrentHashMap<>();

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void exchangeCompleted(UsageRecord record, String operation) {
        String provider = orNone(record.provider());
        String model = orNone(record.modelServed());
        String team = orNone(record.team());
        String errorType = orNone(record.errorType());
        meter(durations, new DurationKey(operation, provider, model, record.status(), errorType),
                new DurationKey(operation, OTHER, OTHER, record.status(), errorType), this::duration)
                .record(record.latencyMs(), TimeUnit.MILLISECONDS);
        if (record.firstTokenMs() != null) {
            meter(firstTokens, new ModelKey(operation, provider, model), new ModelKey(operation, OTHER, OTHER),
                    this::firstToken).record(record.firstTokenMs(), TimeUnit.MILLISECONDS);
        }
        if (!record.usage().isZero()) {
            tokens(operation, provider, model, team, "input").record(record.usage().inputTokens());
            tokens(operation, provider, model, team, "output").record(record.usage().outputTokens());
        }
        if (record.priced()) {
            meter(costs, new CostKey(provider, model, team, record.currency()),
                    new CostKey(OTHER, OTHER, OTHER, record.currency()), this::cost)
                    .increment(record.cost().doubleValue());
        } else if (record.status() < 400) {
            meter(unpriced, new ModelKey(operation, provider, model), new ModelKey(operation, OTHER, OTHER),
                    this::unpriced).increment();
        }
    }

    private DistributionSummary tokens(String operation, String provider, String model, String team, String type) {
        return meter(tokens, new TokenKey(operation, provider, model, team, type),
                new TokenKey(operation, OTHER, OTHER, OTHER, type), this::tokenUsage);
    }

    /** The series of {@code key}, registered on first use; {@code overflow}'s once the metric is full. */
    private static <K, M> M meter(Map<K, M> series, K key, K overflow, Function<K, M> register) {
        M meter = series.get(key);
        if (meter != null) {
            return meter;
        }
        return series.computeIfAbsent(series.size() < MAX_SERIES ? key : overflow, register);
    }

    private Timer duration(DurationKey k) {
        return Timer.builder("gen_ai.server.request.duration")
                .description("Duration of gateway exchanges, from request to last byte")
                .tags("gen_ai.operation.name", k.operation(), "gen_ai.provider.name", k.provider(),
                        "gen_ai.request.model", k.model(), "http.response.status_code", Integer.toString(k.status()),
                        "error.type", k.errorType())
                .publishPercentileHistogram()
                .register(registry);
    }

    private Timer firstToken(ModelKey k) {
        return Timer.builder("gen_ai.server.time_to_first_token")
                .description("Time from request to the first streamed event")
                .tags("gen_ai.operation.name", k.operation(), "gen_ai.provider.name", k.provider(),
                        "gen_ai.request.model", k.model())
                .publishPercentileHistogram()
                .register(registry);
    }

    private DistributionSummary tokenUsage(TokenKey k) {
        return DistributionSummary.builder("gen_ai.client.token.usage")
                .description("Tokens per exchange as reported by the provider")
                .baseUnit("{token}")
                .tags("gen_ai.operation.name", k.operation(), "gen_ai.provider.name", k.provider(),
                        "gen_ai.request.model", k.model(), "gen_ai.token.type", k.type(), "team", k.team())
                .register(registry);
    }

    private Counter cost(CostKey k) {
        return Counter.builder("aurelis.cost")
                .description("Spend by exchange, in the price table's currency")
                .tags("gen_ai.provider.name", k.provider(), "gen_ai.request.model", k.model(), "team", k.team(),
                        "currency", k.currency())
                .register(registry);
    }

    private Counter unpriced(ModelKey k) {
        return Counter.builder("aurelis.unpriced.requests")
                .description("Exchanges with a model that has no price")
                .tags("gen_ai.provider.name", k.provider(), "gen_ai.request.model", k.model())
                .register(registry);
    }

    private static String orNone(String value) {
        return value == null ? "none" : value;
    }
}
