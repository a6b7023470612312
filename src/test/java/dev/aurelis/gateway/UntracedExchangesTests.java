package dev.aurelis.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayTestBase;
import io.micrometer.tracing.Tracer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Without {@code integrations.monitoring.tracing} (nor an OTLP endpoint in the environment) no span is made: the tracer
 * is Micrometer's no-op one, and a caller's trace context reaches the provider exactly as it was sent.
 */
class UntracedExchangesTests extends GatewayTestBase {

    @Autowired
    Tracer tracer;

    @Test
    void withTracingOffTheTracerMakesNoSpans() {
        assertThat(tracer).isSameAs(Tracer.NOOP);
        assertThat(tracer.nextSpan().isNoop()).isTrue();
    }

    @Test
    void aCallersTraceparentPassesThroughUntouched() {
        String key = newKey("untraced@example.com", "engineering");
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        HttpResponse<String> response = openAi("/v1/chat/completions", key,
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}",
                "traceparent", traceparent, "tracestate", "vendor=opaque");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(FAKE.lastRequest().header("traceparent")).as("no span of Aurelis's in between").isEqualTo(traceparent);
        assertThat(FAKE.lastRequest().header("tracestate")).isEqualTo("vendor=opaque");
    }
}
