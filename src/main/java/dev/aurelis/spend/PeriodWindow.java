package dev.aurelis.spend;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** One concrete period of a budget: from {@code start} (inclusive) to {@code end} (exclusive). */
public record PeriodWindow(BudgetPeriod period, ZonedDateTime start, ZonedDateTime end) {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");

    /**
     * A stable name of the period, the same on every replica: {@code D2026-11-17}, {@code M2026-11},
     * {@code Q2026-10}, {@code A2026-04}.
     */
    public String key() {
        return switch (period) {
            case DAILY -> "D" + start.format(DateTimeFormatter.ISO_LOCAL_DATE);
            case MONTHLY -> "M" + start.format(MONTH);
            case QUARTERLY -> "Q" + start.format(MONTH);
            case ANNUAL -> "A" + start.format(MONTH);
        };
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
