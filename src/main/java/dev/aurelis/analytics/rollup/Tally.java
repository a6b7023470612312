package dev.aurelis.analytics.rollup;

import dev.aurelis.spend.UsageRecord;
import java.math.BigDecimal;

/**
 * The measures of a set of ledger records: exchanges (records that are the final attempt of their exchange, ADR
 * 0015) and attempts (every record), their tokens and exact cost (every attempt is charged), those without a price,
 * and, over answered exchanges (status below 400), latency and time to first token as sums and sketches.
 * Mutable: records and other tallies are added to it.
 */
public final class Tally {

    long requests;
    long attempts;
    long failedRequests;
    long unpricedRequests;
    long unpricedTokens;
    long inputTokens;
    long cachedTokens;
    long cacheWriteTokens;
    long outputTokens;
    long reasoningTokens;
    BigDecimal cost = BigDecimal.ZERO;
    long latencyCount;
    long latencyMsSum;
    long firstTokenCount;
    long firstTokenMsSum;
    private Sketch latency;
    private Sketch firstToken;

    public void add(UsageRecord record) {
        attempts++;
        inputTokens += record.usage().inputTokens();
        cachedTokens += record.usage().cachedInputTokens();
        cacheWriteTokens += record.usage().cacheWriteTokens();
        outputTokens += record.usage().outputTokens();
        reasoningTokens += record.usage().reasoningTokens();
        cost = cost.add(record.cost());
        if (!record.priced()) {
            unpricedTokens += record.usage().totalTokens();
        }
        if (record.retried()) {
            return;
        }
        requests++;
        if (!record.priced()) {
            unpricedRequests++;
        }
        if (record.status() >= 400) {
            failedRequests++;
            return;
        }
        latencyCount++;
        latencyMsSum += record.latencyMs();
        latency().record(record.latencyMs());
        if (record.firstTokenMs() != null) {
            firstTokenCount++;
            firstTokenMsSum += record.firstTokenMs();
            firstToken().record(record.firstTokenMs());
        }
    }

    public void add(Tally other) {
        requests += other.requests;
        attempts += other.attempts;
        failedRequests += other.failedRequests;
        unpricedRequests += other.unpricedRequests;
        unpricedTokens += other.unpricedTokens;
        inputTokens += other.inputTokens;
        cachedTokens += other.cachedTokens;
        cacheWriteTokens += other.cacheWriteTokens;
        outputTokens += other.outputTokens;
        reasoningTokens += other.reasoningTokens;
        cost = cost.add(other.cost);
        latencyCount += other.latencyCount;
        latencyMsSum += other.latencyMsSum;
        firstTokenCount += other.firstTokenCount;
        firstTokenMsSum += other.firstTokenMsSum;
        if (other.latency != null) {
            latency().add(other.latency);
        }
        if (other.firstToken != null) {
            firstToken().add(other.firstToken);
        }
    }

    Sketch latency() {
        if (latency == null) {
            latency = Sketch.empty();
        }
        return latency;
    }

    Sketch firstToken() {
        if (firstToken == null) {
            firstToken = Sketch.empty();
        }
        return firstToken;
    }

    void latency(Sketch sketch) {
        this.latency = sketch;
    }

    void firstToken(Sketch sketch) {
        this.firstToken = sketch;
    }

    boolean hasLatency() {
        return latency != null && latency.count() > 0;
    }

    boolean hasFirstToken() {
        return firstToken != null && firstToken.count() > 0;
    }

    public long requests() {
        return requests;
    }

    public long attempts() {
        return attempts;
    }

    public long retriedAttempts() {
        return attempts - requests;
    }

    public long failedRequests() {
        return failedRequests;
    }

    public long unpricedRequests() {
        return unpricedRequests;
    }

    public long unpricedTokens() {
        return unpricedTokens;
    }

    public long inputTokens() {
        return inputTokens;
    }

    public long cachedTokens() {
        return cachedTokens;
    }

    public long cacheWriteTokens() {
        return cacheWriteTokens;
    }

    public long outputTokens() {
        return outputTokens;
    }

    public long reasoningTokens() {
        return reasoningTokens;
    }

    public BigDecimal cost() {
        return cost.signum() == 0 ? BigDecimal.ZERO : cost.stripTrailingZeros();
    }

    public long latencyCount() {
        return latencyCount;
    }

    public long latencyMsSum() {
        return latencyMsSum;
    }

    public long firstTokenCount() {
        return firstTokenCount;
    }

    public long firstTokenMsSum() {
        return firstTokenMsSum;
    }

    /** Latency of answered exchanges at a percentile (0 to 100), in ms; 0 when none was answered. */
    public long latencyPercentile(double percentile) {
        return latency == null ? 0 : latency.percentile(percentile);
    }

    /** Time to first token of answered streamed exchanges at a percentile, in ms; 0 when none. */
    public long firstTokenPercentile(double percentile) {
        return firstToken == null ? 0 : firstToken.percentile(percentile);
    }
}
