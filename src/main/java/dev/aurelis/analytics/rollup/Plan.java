package dev.aurelis.analytics.rollup;

import dev.aurelis.spend.TimeRange;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Which parts of a time range each source answers: whole days of {@code zone} from the daily rollups, whole UTC
 * hours around them from the hourly rollups, and the minutes at either end from the ledger itself. Together they
 * cover the range exactly once.
 */
record Plan(List<TimeRange> days, List<TimeRange> hours, List<TimeRange> raw) {

    static Plan of(Instant from, Instant to, ZoneId zone, boolean hourlyOnly) {
        List<TimeRange> days = new ArrayList<>();
        List<TimeRange> hours = new ArrayList<>();
        List<TimeRange> raw = new ArrayList<>();
        Instant dayStart = from == null ? null : ceilDay(from, zone);
        Instant dayEnd = to == null ? null : floorDay(to, zone);
        boolean wholeDays = !hourlyOnly && (dayStart == null || dayEnd == null || dayStart.isBefore(dayEnd));
        if (!wholeDays) {
            cover(from, to, hours, raw);
        } else {
            days.add(new TimeRange(dayStart, dayEnd));
            if (from != null && from.isBefore(dayStart)) {
                cover(from, dayStart, hours, raw);
            }
            if (to != null && dayEnd.isBefore(to)) {
                cover(dayEnd, to, hours, raw);
            }
        }
        return new Plan(days, hours, raw);
    }

    /** The whole UTC hours of {@code [a, b)} go to {@code hours}, the rest to {@code raw}. */
    private static void cover(Instant a, Instant b, List<TimeRange> hours, List<TimeRange> raw) {
        Instant hourStart = a == null ? null : ceilHour(a);
        Instant hourEnd = b == null ? null : b.truncatedTo(ChronoUnit.HOURS);
        if (hourStart != null && hourEnd != null && !hourStart.isBefore(hourEnd)) {
            raw.add(new TimeRange(a, b));
            return;
        }
        hours.add(new TimeRange(hourStart, hourEnd));
        if (a != null && a.isBefore(hourStart)) {
            raw.add(new TimeRange(a, hourStart));
        }
        if (b != null && hourEnd.isBefore(b)) {
            raw.add(new TimeRange(hourEnd, b));
        }
    }

    private static Instant ceilHour(Instant t) {
        Instant floor = t.truncatedTo(ChronoUnit.HOURS);
        return floor.equals(t) ? t : floor.plus(1, ChronoUnit.HOURS);
    }

    static Instant floorDay(Instant t, ZoneId zone) {
        return t.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
    }

    private static Instant ceilDay(Instant t, ZoneId zone) {
        Instant floor = floorDay(t, zone);
        return floor.equals(t) ? t : t.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** The local dates of a range of whole days (either end may be open). */
    static LocalDate dayOf(Instant midnight, ZoneId zone) {
        return midnight == null ? null : midnight.atZone(zone).toLocalDate();
    }
}
