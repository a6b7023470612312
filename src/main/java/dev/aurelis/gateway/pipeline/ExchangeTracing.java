package dev.aurelis.gateway.pipeline;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Starts the trace of each exchange (ADR 0062): a server span whose parent is the caller's W3C {@code traceparent}, if
 * it sent one. With tracing off the tracer is Micrometer's no-op one, and every exchange gets {@link ExchangeTrace#OFF}:
 * no span, no header copied, nothing allocated.
 */
@Component
class ExchangeTracing {

    private final Tracer tracer;
    private final Propagator propagator;
    private final boolean on;

    ExchangeTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
        this.on = this.tracer != Tracer.NOOP && this.propagator != Propagator.NOOP;
    }

    boolean on() {
        return on;
    }

    ExchangeTrace start(Arrival arrival) {
        if (!on) {
            return ExchangeTrace.OFF;
        }
        Span server = propagator.extract(arrival.headers(), Map::get) // the headers' names are lower case already
                .kind(Span.Kind.SERVER)
                .name(arrival.operation())
                .start();
        return new ExchangeTrace(tracer, propagator, server, arrival);
    }
}
