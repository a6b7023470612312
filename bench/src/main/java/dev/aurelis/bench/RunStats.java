package dev.aurelis.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one run (or several runs merged) measured. Times are recorded in microseconds. {@code latency} is timed
 * from each request's intended start (open loop: the schedule; closed loop: the moment it was sent), so a stall
 * anywhere shows up in the figures instead of being hidden by requests that were never sent.
 */
final class RunStats {

    static final long MAX_MICROS = 600_000_000L;

    final Histogram latency = histogram();
    /** From the moment the request was actually written (excludes waiting for a connection or a late scheduler). */
    final Histogram service = histogram();
    /** Streams: intended start to the first content delta. */
    final Histogram ttft = histogram();
    /** Streams: time between consecutive content deltas. */
    final Histogram gap = histogram();
    /** Intended start to the answer, of answers that refused the request as overloaded (HTTP 503 or 529). */
    final Histogram refused = histogram();
    /** Streams: content deltas per stream. */
    final Histogram deltas = new Histogram(1_000_000, 3);
    final Map<String, Long> errors = new TreeMap<>();
    /**
     * Errors of requests whose intended start fell in the warm-up before the measured window: sent at the same rate
     * but not measured, and reported beside the window's errors, so that refusals when a load starts are not hidden.
     */
    final Map<String, Long> warmupErrors = new TreeMap<>();
    final List<String> errorSamples = new ArrayList<>();
    long ok;
    long sent;
    long measuredNanos;
    /** Requests whose intended start fell in the measured window (successful or not). */
    long scheduled;

    private static Histogram histogram() {
        return new Histogram(MAX_MICROS, 3);
    }

    void error(String kind, String detail) {
        errors.merge(kind, 1L, Long::sum);
        if (errorSamples.size() < 5 && detail != null) {
            errorSamples.add(kind + ": " + detail);
        }
    }

    void warmupError(String kind) {
        warmupErrors.merge(kind, 1L, Long::sum);
    }

    long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    long warmupErrorCount() {
        return warmupErrors.values().stream().mapToLong(Long::longValue).sum();
    }

    double throughput() {
        return measuredNanos == 0 ? 0 : ok * 1e9 / measuredNanos;
    }

    static void record(Histogram h, long nanos) {
        h.recordValue(Math.min(MAX_MICROS, Math.max(0, nanos / 1000)));
    }

    void add(RunStats o) {
        latency.add(o.latency);
        service.add(o.service);
        ttft.add(o.ttft);
        gap.add(o.gap);
        deltas.add(o.deltas);
        refused.add(o.refused);
        o.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
        o.warmupErrors.forEach((k, v) -> warmupErrors.merge(k, v, Long::sum));
        for (String s : o.errorSamples) {
            if (errorSamples.size() < 5) {
                errorSamples.add(s);
            }
        }
        ok += o.ok;
        sent += o.sent;
        scheduled += o.scheduled;
        measuredNanos += o.measuredNanos;
    }

    ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode n = f.objectNode();
        n.put("ok", ok).put("sent", sent).put("scheduled", scheduled).put("measured_s", measuredNanos / 1e9)
                .put("throughput_rps", throughput());
        ObjectNode e = n.putObject("errors");
        errors.forEach(e::put);
        errorSamples.forEach(n.putArray("error_samples")::add);
        if (!warmupErrors.isEmpty()) {
            ObjectNode w = n.putObject("warmup_errors");
            warmupErrors.forEach(w::put);
        }
        n.set("latency_us", summary(latency));
        n.set("service_us", summary(service));
        if (refused.getTotalCount() > 0) {
            n.set("refused_us", summary(refused));
        }
        if (ttft.getTotalCount() > 0) {
            n.set("ttft_us", summary(ttft));
            n.set("gap_us", summary(gap));
            n.set("deltas", summary(deltas));
        }
        ObjectNode raw = n.putObject("histograms");
        raw.put("latency", encode(latency)).put("service", encode(service)).put("ttft", encode(ttft))
                .put("gap", encode(gap)).put("deltas", encode(deltas)).put("refused", encode(refused));
        return n;
    }

    static ObjectNode summary(Histogram h) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("count", h.getTotalCount());
        if (h.getTotalCount() > 0) {
            s.put("min", h.getMinValue()).put("p50", h.getValueAtPercentile(50))
                    .put("p90", h.getValueAtPercentile(90)).put("p99", h.getValueAtPercentile(99))
                    .put("p99_9", h.getValueAtPercentile(99.9)).put("max", h.getMaxValue())
                    .put("mean", Math.round(h.getMean() * 10) / 10.0);
        }
        return s;
    }

    private static String encode(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int len = h.encodeIntoCompressedByteBuffer(buf);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), len));
    }

    private static Histogram decode(String b64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(b64)), 0);
        } catch (DataFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads back what {@link #toJson()} wrote. */
    static RunStats fromJson(JsonNode n) {
        RunStats s = new RunStats();
        s.ok = n.path("ok").asLong();
        s.sent = n.path("sent").asLong();
        s.scheduled = n.path("scheduled").asLong();
        s.measuredNanos = (long) (n.path("measured_s").asDouble() * 1e9);
        n.path("errors").properties().forEach(e -> s.errors.put(e.getKey(), e.getValue().asLong()));
        n.path("error_samples").forEach(x -> s.errorSamples.add(x.asString()));
        n.path("warmup_errors").properties().forEach(e -> s.warmupErrors.put(e.getKey(), e.getValue().asLong()));
        JsonNode raw = n.path("histograms");
        s.latency.add(decode(raw.path("latency").asString()));
        s.service.add(decode(raw.path("service").asString()));
        s.ttft.add(decode(raw.path("ttft").asString()));
        s.gap.add(decode(raw.path("gap").asString()));
        s.deltas.add(decode(raw.path("deltas").asString()));
        if (raw.has("refused")) {
            s.refused.add(decode(raw.path("refused").asString()));
        }
        return s;
    }
}
