package dev.aurelis.spend;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** One concrete period of a budget: from {@code start} (inclusive) to {@code end} (exclusive). */
public record PeriodWindow(BudgetPeriod period, ZonedDateTime start, ZonedDateTime end) {

    /** A stable name of the period, the same on every replica: {@code M2026-11}, {@code Q2026-10}, {@code A2026-04}. */
    public String key() {
        char letter = switch (period) {
            case MONTHLY -> 'M';
            case QUARTERLY -> 'Q';
            case ANNUAL -> 'A';
        };
        return letter + start.format(DateTimeFormatter.ofPattern("yyyy-MM"));
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start.toInstant()) && instant.isBefore(end.toInstant());
    }

    /** The window after this one. */
    public PeriodWindow next() {
        // This window's first month is a valid fiscal start for the next one of the same length.
        return period.windowAt(end.toInstant(), end.getZone(), start.getMonthValue());
    }
}
