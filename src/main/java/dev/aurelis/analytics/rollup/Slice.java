package dev.aurelis.analytics.rollup;

import dev.aurelis.spend.LedgerFilter;
import dev.aurelis.tenancy.TenantId;
import java.time.Instant;
import java.util.List;

/**
 * A question to the rollups: the records of {@code tenant} from {@code from} (inclusive) to {@code to} (exclusive;
 * either may be open) that {@code filter} admits, grouped by {@code groupBy}, with latency sketches merged when
 * {@code latency} is asked for.
 */
public record Slice(TenantId tenant, Instant from, Instant to, LedgerFilter filter, List<Key> groupBy, boolean latency) {

    public Slice {
        groupBy = List.copyOf(groupBy);
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("'from' must not be after 'to'.");
        }
    }

    public Slice grouped(List<Key> keys) {
        return new Slice(tenant, from, to, filter, keys, latency);
    }

    /**
     * The same slice grouped by {@code keys} without latency distributions: counts and sums only, so the database
     * does not send a sketch of every fact for groups nobody asks percentiles of.
     */
    public Slice counted(List<Key> keys) {
        return new Slice(tenant, from, to, filter, keys, false);
    }

    public Slice between(Instant newFrom, Instant newTo) {
        return new Slice(tenant, newFrom, newTo, filter, groupBy, latency);
    }

    public Slice withLatency() {
        return new Slice(tenant, from, to, filter, groupBy, true);
    }
}
