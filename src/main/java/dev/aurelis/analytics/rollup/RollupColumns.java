package dev.aurelis.analytics.rollup;

import java.sql.ResultSet;
import java.sql.SQLException;

/** The measure columns of the fact tables, in one order, and how they are read back. */
final class RollupColumns {

    static final String MEASURES = "requests, attempts, input_tokens, cached_tokens, cache_write_tokens, "
            + "output_tokens, reasoning_tokens, cost, latency_count, latency_ms_sum, latency_sketch, first_token_count, "
            + "first_token_ms_sum, first_token_sketch";

    static final String MEASURES_OF_F = "f.requests, f.attempts, f.input_tokens, f.cached_tokens, "
            + "f.cache_write_tokens, f.output_tokens, f.reasoning_tokens, f.cost, f.latency_count, f.latency_ms_sum, "
            + "f.latency_sketch, f.first_token_count, f.first_token_ms_sum, f.first_token_sketch";

    static final String REPLACE_ALL = "requests = excluded.requests, attempts = excluded.attempts, "
            + "input_tokens = excluded.input_tokens, cached_tokens = excluded.cached_tokens, "
            + "cache_write_tokens = excluded.cache_write_tokens, output_tokens = excluded.output_tokens, "
            + "reasoning_tokens = excluded.reasoning_tokens, cost = excluded.cost, latency_count = excluded.latency_count, "
            + "latency_ms_sum = excluded.latency_ms_sum, latency_sketch = excluded.latency_sketch, "
            + "first_token_count = excluded.first_token_count, first_token_ms_sum = excluded.first_token_ms_sum, "
            + "first_token_sketch = excluded.first_token_sketch";

    private RollupColumns() {
    }

    /**
     * A stored fact's measures from {@code first} on, in {@link #MEASURES_OF_F} order. Failed and unpriced counts are
     * not stored: they follow from the dimensions (status, priced) and are filled in by whoever knows them.
     */
    static Tally readMeasures(ResultSet rs, int first) throws SQLException {
        Tally t = new Tally();
        int i = first;
        t.requests = rs.getLong(i++);
        t.attempts = rs.getLong(i++);
        t.inputTokens = rs.getLong(i++);
        t.cachedTokens = rs.getLong(i++);
        t.cacheWriteTokens = rs.getLong(i++);
        t.outputTokens = rs.getLong(i++);
        t.reasoningTokens = rs.getLong(i++);
        t.cost = rs.getBigDecimal(i++);
        t.latencyCount = rs.getLong(i++);
        t.latencyMsSum = rs.getLong(i++);
        byte[] latency = rs.getBytes(i++);
        if (latency != null) {
            t.latency(Sketch.of(latency));
        }
        t.firstTokenCount = rs.getLong(i++);
        t.firstTokenMsSum = rs.getLong(i++);
        byte[] firstToken = rs.getBytes(i);
        if (firstToken != null) {
            t.firstToken(Sketch.of(firstToken));
        }
        return t;
    }
}
