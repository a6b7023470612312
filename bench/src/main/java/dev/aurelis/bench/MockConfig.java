package dev.aurelis.bench;

/**
 * How the mock provider behaves. Times are in milliseconds (fractions allowed).
 *
 * @param latencyMs        non-streaming: time from the request's arrival to the whole response
 * @param ttftMs           streaming: time from the request's arrival to the first content delta (headers and the
 *                         opening events are sent at once)
 * @param chunks           streaming: number of content deltas (also the number of text pieces of a non-streamed
 *                         answer)
 * @param chunkIntervalMs  streaming: time between two content deltas; delta {@code i} is due at
 *                         {@code arrival + ttft + i * interval}, computed from that deadline, so delays never add up
 * @param inputTokens      usage reported as prompt/input tokens
 * @param outputTokens     usage reported as completion/output tokens
 */
record MockConfig(String host, int port, int threads, double latencyMs, double ttftMs, int chunks,
                  double chunkIntervalMs, int inputTokens, int outputTokens) {

    static MockConfig from(Args a) {
        return new MockConfig(
                a.get("host", "127.0.0.1"),
                a.integer("port", 18100),
                a.integer("threads", 1),
                a.decimal("latency-ms", 1),
                a.decimal("ttft-ms", 20),
                a.integer("chunks", 40),
                a.decimal("chunk-interval-ms", 5),
                a.integer("input-tokens", 1200),
                a.integer("output-tokens", 80));
    }

    long latencyNanos() {
        return (long) (latencyMs * 1_000_000);
    }

    long ttftNanos() {
        return (long) (ttftMs * 1_000_000);
    }

    long chunkIntervalNanos() {
        return (long) (chunkIntervalMs * 1_000_000);
    }
}
