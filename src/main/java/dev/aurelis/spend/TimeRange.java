package dev.aurelis.spend;

import java.time.Instant;

/** From {@code from} (inclusive) to {@code to} (exclusive); a null end is open. */
public record TimeRange(Instant from, Instant to) {

    public static final TimeRange ALL = new TimeRange(null, null);

    public TimeRange {
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("A time range cannot end (" + to + ") before it begins (" + from + ")");
        }
    }

    public boolean isEmpty() {
        return from != null && to != null && !from.isBefore(to);
    }
}
