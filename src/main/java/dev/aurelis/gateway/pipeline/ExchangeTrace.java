package dev.aurelis.gateway.pipeline;

import dev.aurelis.identity.Caller;
import dev.aurelis.providers.Deployment;
import dev.aurelis.spend.UsageRecord;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The trace of one exchange (ADR 0062), after OpenTelemetry's GenAI semantic conventions: a server span from arrival to
 * the last byte (a stream's end), child spans for the pipeline's steps, and a client span per attempt at a provider,
 * whose context the provider receives in {@code traceparent}. Attributes say who (tenant, team, key id), what (operation,
 * models, provider) and how it went (tokens, finish reasons, status, error type): taken from the ledger's record and
 * the configuration, never from the prompt, the answer or a credential. {@link #OFF} does nothing.
 */
final class ExchangeTrace {

    static final ExchangeTrace OFF = new ExchangeTrace(null, null, null, null);

    /** The headers a provider receives the trace context in (W3C Trace Context); the caller's own are replaced. */
    private static final List<String> CONTEXT_HEADERS = List.of("traceparent", "tracestate");

    private final Tracer tracer;
    private final Propagator propagator;
    private final TraceStep server;
    private final String operation;
    private final Tracer.SpanInScope scope;
    private TraceStep attempt = TraceStep.NONE;

    ExchangeTrace(Tracer tracer, Propagator propagator, Span server, Arrival arrival) {
        this.tracer = tracer;
        this.propagator = propagator;
        this.server = server == null ? TraceStep.NONE : new TraceStep(server);
        this.operation = arrival == null ? null : arrival.operation();
        // in scope while the exchange is handled: its log lines carry the trace and span ids
        this.scope = server == null ? null : tracer.withSpan(server);
        if (this.server.recording()) {
            this.server.tag("gen_ai.operation.name", operation)
                    .tag("http.request.method", "POST")
                    .tag("url.path", arrival.endpoint())
                    .tag("aurelis.request_id", arrival.requestId());
            if (arrival.clientTool() != null) {
                this.server.tag("aurelis.client_tool", arrival.clientTool());
            }
        }
    }

    /** The client named its model: the span is named after it, as the conventions ask. */
    void asked(String model) {
        if (server.recording() && model != null) {
            server.span().name(operation + " " + model);
            server.tag("gen_ai.request.model", model);
        }
    }

    /** Who calls: ids and names from the key's record, never the key itself. */
    void identified(Caller caller) {
        if (server.recording()) {
            server.tag("aurelis.tenant", caller.tenantId().value())
                    .tag("aurelis.team", caller.team())
                    .tag("aurelis.department", caller.department())
                    .tag("aurelis.key_id", caller.keyId() == null ? null : caller.keyId().toString());
        }
    }

    /** A pipeline step ({@code aurelis.identity}, {@code aurelis.privacy}, ...), ended by the caller. */
    TraceStep step(String name) {
        if (!server.recording()) { // not traced, or not sampled: a step's span would be neither kept nor passed on
            return TraceStep.NONE;
        }
        return new TraceStep(tracer.nextSpan(server.span()).name(name).start());
    }

    /**
     * The client span of an attempt at {@code run}'s deployment (retries and failovers each get their own); it becomes
     * the context the provider is sent.
     */
    TraceStep attempt(AttemptRun run) {
        if (server.span() == null) {
            return TraceStep.NONE;
        }
        Deployment deployment = run.deployment();
        attempt = new TraceStep(tracer.spanBuilder().setParent(server.span().context()).kind(Span.Kind.CLIENT)
                .name(operation + " " + deployment.providerModelId()).start());
        if (attempt.recording()) {
            URI base = deployment.provider().baseUrl();
            attempt.tag("gen_ai.operation.name", operation)
                    .tag("gen_ai.provider.name", deployment.provider().name())
                    .tag("gen_ai.system", deployment.provider().type())
                    .tag("gen_ai.request.model", deployment.providerModelId())
                    .tag("aurelis.model", deployment.model())
                    .tag("aurelis.attempt", run.number())
                    .tag("server.address", base.getHost())
                    .tag("server.port", base.getPort() != -1 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80);
            run.usage().collectFinishReasons();
        }
        return attempt;
    }

    /**
     * The headers to send the provider: the client's, with the trace context of the attempt under way instead of the
     * caller's. The same map when the exchange is not traced.
     */
    Map<String, String> headersFor(Map<String, String> clientHeaders) {
        if (attempt.span() == null) {
            return clientHeaders;
        }
        Map<String, String> headers = new HashMap<>(clientHeaders);
        CONTEXT_HEADERS.forEach(headers::remove);
        propagator.inject(attempt.span().context(), headers, Map::put);
        return headers;
    }

    /**
     * The ledger's record of the attempt under way (of the exchange, before any attempt): how it went, on the attempt's
     * span and, unless another attempt follows, on the exchange's.
     */
    void recorded(UsageRecord record, AttemptRun run) {
        if (!server.recording()) {
            return;
        }
        List<String> finishReasons = run == null ? List.of() : run.usage().finishReasons();
        if (run != null && attempt.recording()) {
            outcome(attempt, record, finishReasons, true);
        }
        if (record.retried()) {
            return; // another attempt follows: the exchange's outcome is the last record's
        }
        outcome(server, record, finishReasons, false);
        if (record.provider() != null) {
            server.tag("gen_ai.provider.name", record.provider());
        }
        server.tag("aurelis.attempts", record.attempt());
    }

    /** The exchange was refused before its caller was known, so no ledger record says how it ended. */
    void unrecorded(int status, String errorType) {
        server.tag("http.response.status_code", status).tag("error.type", errorType);
        if (status >= 500) {
            server.failed(errorType);
        }
    }

    private static void outcome(TraceStep span, UsageRecord record, List<String> finishReasons, boolean client) {
        span.tag("http.response.status_code", record.status());
        if (record.providerModel() != null && record.status() < 400) {
            span.tag("gen_ai.response.model", record.providerModel());
        }
        if (!record.usage().isZero()) {
            span.tag("gen_ai.usage.input_tokens", record.usage().inputTokens())
                    .tag("gen_ai.usage.output_tokens", record.usage().outputTokens());
        }
        if (!finishReasons.isEmpty()) {
            span.span().tagOfStrings("gen_ai.response.finish_reasons", finishReasons);
        }
        if (record.usageEstimate() != null) {
            span.tag("aurelis.usage_estimate", record.usageEstimate());
        }
        if (record.errorType() != null) {
            span.tag("error.type", record.errorType());
            // a server span is in error for its own faults only (5xx); a client span for any failed call
            if (client || record.status() >= 500) {
                span.failed(record.errorType());
            }
        }
    }

    /** The attempt under way failed before the client received anything of it; another attempt may follow. */
    void attemptFailed(int status, String errorType) {
        attempt.tag("http.response.status_code", status).tag("error.type", errorType);
        attempt.failed(errorType);
        attemptEnded();
    }

    /** The attempt under way is over (answered, or failed before another attempt). */
    void attemptEnded() {
        attempt.end();
        attempt = TraceStep.NONE;
    }

    /** The exchange is over: the last byte is sent (a stream's end), or the error answered. */
    void end() {
        if (server.span() == null) {
            return;
        }
        attemptEnded();
        scope.close();
        server.end();
    }
}
