package dev.aurelis.spend;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * The period a budget limits: days, calendar months, and quarters and years that begin in the fiscal year's first
 * month, all starting at midnight in the organisation's time zone.
 */
public enum BudgetPeriod {
    DAILY(0), MONTHLY(1), QUARTERLY(3), ANNUAL(12);

    private final int months;

    BudgetPeriod(int months) {
        this.months = months;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BudgetPeriod parse(String text) {
        if (text == null || text.isBlank()) {
            return MONTHLY;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "daily", "day" -> DAILY;
            case "monthly", "month" -> MONTHLY;
            case "quarterly", "quarter" -> QUARTERLY;
            case "annual", "annually", "yearly", "year" -> ANNUAL;
            default -> throw new IllegalArgumentException("'" + text + "' is not a budget period: use daily, "
                    + "monthly, quarterly or annual.");
        };
    }

    /** The period that contains {@code at}, in {@code zone}, with fiscal years starting in {@code fiscalStartMonth}. */
    public PeriodWindow windowAt(Instant at, ZoneId zone, int fiscalStartMonth) {
        LocalDate day = at.atZone(zone).toLocalDate();
        if (this == DAILY) {
            return new PeriodWindow(this, day.atStartOfDay(zone), day.plusDays(1).atStartOfDay(zone));
        }
        int monthsIntoFiscalYear = Math.floorMod(day.getMonthValue() - fiscalStartMonth, 12);
        int back = this == MONTHLY ? 0 : monthsIntoFiscalYear % months;
        LocalDate first = day.withDayOfMonth(1).minusMonths(back);
        ZonedDateTime start = first.atStartOfDay(zone);
        ZonedDateTime end = first.plusMonths(months).atStartOfDay(zone);
        return new PeriodWindow(this, start, end);
    }
}
