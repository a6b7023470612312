package dev.aurelis.compliance;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A report's period, in UTC: a quarter ({@code 2026-Q4}), a month ({@code 2026-11}) or a year ({@code 2026}). */
public record ReportPeriod(String name, Instant from, Instant to) {

    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-[Qq]([1-4])");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern YEAR = Pattern.compile("\\d{4}");

    /** The period named, or the current quarter when none is. */
    public static ReportPeriod parse(String name, Clock clock) {
        if (name == null || name.isBlank()) {
            LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
            return parse(today.getYear() + "-Q" + ((today.getMonthValue() - 1) / 3 + 1), clock);
        }
        String n = name.strip();
        Matcher quarter = QUARTER.matcher(n);
        if (quarter.matches()) {
            int year = Integer.parseInt(quarter.group(1));
            LocalDate start = LocalDate.of(year, (Integer.parseInt(quarter.group(2)) - 1) * 3 + 1, 1);
            return new ReportPeriod(year + "-Q" + quarter.group(2), utc(start), utc(start.plusMonths(3)));
        }
        Matcher month = MONTH.matcher(n);
        if (month.matches()) {
            try {
                YearMonth ym = YearMonth.of(Integer.parseInt(month.group(1)), Integer.parseInt(month.group(2)));
                return new ReportPeriod(ym.toString(), utc(ym.atDay(1)), utc(ym.plusMonths(1).atDay(1)));
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException("period '" + name + "' names no month");
            }
        }
        if (YEAR.matcher(n).matches()) {
            LocalDate start = LocalDate.of(Integer.parseInt(n), 1, 1);
            return new ReportPeriod(n, utc(start), utc(start.plusYears(1)));
        }
        throw new IllegalArgumentException("period '" + name + "' is neither a quarter (2026-Q4), a month (2026-11) "
                + "nor a year (2026)");
    }

    private static Instant utc(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
