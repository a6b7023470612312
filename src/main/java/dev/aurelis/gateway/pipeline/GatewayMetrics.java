package dev.aurelis.gateway.pipeline;

import dev.aurelis.spend.UsageRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Prometheus metrics per exchange, named after OpenTelemetry's GenAI semantic conventions where one exists
 * ({@code gen_ai.client.token.usage}, {@code gen_ai.server.request.duration},
 * {@code gen_ai.server.time_to_first_token}); cost has no convention and is {@code aurelis.cost}.
 */
@Component
class GatewayMetrics {

    private final MeterRegistry registry;

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void exchangeCompleted(UsageRecord record, String operation) {
        String provider = record.provider() == null ? "none" : record.provider();
        String model = record.modelServed() == null ? "none" : record.modelServed();
        String team = record.team() == null ? "none" : record.team();
        String status = Integer.toString(record.status());
        Timer.builder("gen_ai.server.request.duration")
                .description("Duration of gateway exchanges, from request to last byte")
                .tags("gen_ai.operation.name", operation, "gen_ai.provider.name", provider, "gen_ai.request.model", model,
                        "http.response.status_code", status, "error.type", record.errorType() == null ? "none" : record.errorType())
                .publishPercentileHistogram()
                .register(registry)
                .record(record.latencyMs(), TimeUnit.MILLISECONDS);
        if (record.firstTokenMs() != null) {
            Timer.builder("gen_ai.server.time_to_first_token")
                    .description("Time from request to the first streamed event")
                    .tags("gen_ai.operation.name", operation, "gen_ai.provider.name", provider, "gen_ai.request.model", model)
                    .publishPercentileHistogram()
                    .register(registry)
                    .record(record.firstTokenMs(), TimeUnit.MILLISECONDS);
        }
        if (!record.usage().isZero()) {
            tokens(operation, provider, model, team, "input", record.usage().inputTokens());
            tokens(operation, provider, model, team, "output", record.usage().outputTokens());
        }
        if (record.priced()) {
            Counter.builder("aurelis.cost")
                    .description("Spend by exchange, in the price table's currency")
                    .tags("gen_ai.provider.name", provider, "gen_ai.request.model", model, "team", team, "currency", record.currency())
                    .register(registry)
                    .increment(record.cost().doubleValue());
        } else if (record.status() < 400) {
            Counter.builder("aurelis.unpriced.requests")
                    .description("Exchanges with a model that has no price")
                    .tags("gen_ai.provider.name", provider, "gen_ai.request.model", model)
                    .register(registry)
                    .increment();
        }
    }

    private void tokens(String operation, String provider, String model, String team, String type, long count) {
        DistributionSummary.builder("gen_ai.client.token.usage")
                .description("Tokens per exchange as reported by the provider")
                .baseUnit("{token}")
                .tags("gen_ai.operation.name", operation, "gen_ai.provider.name", provider, "gen_ai.request.model", model,
                        "gen_ai.token.type", type, "team", team)
                .register(registry)
                .record(count);
    }
}
