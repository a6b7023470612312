package dev.aurelis.analytics.rollup;

import dev.aurelis.spend.UsageRecord;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;

/**
 * What a report groups by: a dimension, or a period of the organisation's time zone ({@code day} 2026-11-03,
 * {@code week} its Monday, {@code month} 2026-11, {@code hour} 2026-11-03T14:00, {@code weekday_hour} 1-14 for
 * Monday 14:00 to 15:00). Hour keys come from the hourly rollups (UTC hours: in a zone whose offset is not whole
 * hours, an hour is labelled by the local time it begins at).
 */
public enum Key {
    USER(Dimension.USER), USER_ID(Dimension.USER_ID), TEAM(Dimension.TEAM), DEPARTMENT(Dimension.DEPARTMENT),
    COST_CENTER(Dimension.COST_CENTER), PROJECT(Dimension.PROJECT), MODEL(Dimension.MODEL),
    MODEL_REQUESTED(Dimension.MODEL_REQUESTED), PROVIDER(Dimension.PROVIDER), ENDPOINT(Dimension.ENDPOINT),
    CLIENT_TOOL(Dimension.CLIENT_TOOL), TASK(Dimension.TASK), STATUS(Dimension.STATUS),
    ERROR_TYPE(Dimension.ERROR_TYPE), PRICED(Dimension.PRICED),
    DAY(null), WEEK(null), MONTH(null), HOUR(null), WEEKDAY_HOUR(null);

    private static final DateTimeFormatter HOUR_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private final Dimension dimension;

    Key(Dimension dimension) {
        this.dimension = dimension;
    }

    /** The dimension, or null for a period. */
    public Dimension dimension() {
        return dimension;
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether only the hourly rollups can answer it. */
    public boolean hourly() {
        return this == HOUR || this == WEEKDAY_HOUR;
    }

    public static Optional<Key> byApiName(String name) {
        try {
            Key key = valueOf(name.strip().toUpperCase(Locale.ROOT));
            return key == USER_ID ? Optional.empty() : Optional.of(key);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The key's value for one ledger record, in the form the rollups give it. */
    String of(UsageRecord record, ZoneId zone) {
        if (dimension != null) {
            return dimension.of(record);
        }
        ZonedDateTime local = record.createdAt().atZone(zone);
        return switch (this) {
            case DAY -> local.toLocalDate().toString();
            case WEEK -> local.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
            case MONTH -> local.toLocalDate().toString().substring(0, 7);
            case HOUR -> hourLabel(record.createdAt().truncatedTo(ChronoUnit.HOURS).atZone(zone).toLocalDateTime());
            case WEEKDAY_HOUR -> weekdayHour(record.createdAt().truncatedTo(ChronoUnit.HOURS).atZone(zone).toLocalDateTime());
            default -> throw new IllegalStateException(name());
        };
    }

    static String hourLabel(LocalDateTime start) {
        return start.format(HOUR_FORMAT);
    }

    static String weekdayHour(LocalDateTime start) {
        return start.getDayOfWeek().getValue() + "-" + start.getHour();
    }

    /** The SQL giving the key for a fact of {@code grain} ({@code d}: its dimension row; {@code ?} the zone). */
    String sql(Grain grain) {
        if (dimension != null) {
            return dimension.selectExpression("d");
        }
        String day = grain == Grain.DAILY ? "f.day" : "(f.bucket at time zone ?)::date";
        return switch (this) {
            case DAY -> day + "::text";
            case WEEK -> "date_trunc('week', " + day + ")::date::text";
            case MONTH -> "to_char(" + day + ", 'YYYY-MM')";
            case HOUR -> "to_char(f.bucket at time zone ?, 'YYYY-MM-DD\"T\"HH24:MI')";
            case WEEKDAY_HOUR -> "extract(isodow from f.bucket at time zone ?)::int || '-' || extract(hour from f.bucket at time zone ?)::int";
            default -> throw new IllegalStateException(name());
        };
    }

    /** How many times the zone is bound in {@link #sql}. */
    int zoneParameters(Grain grain) {
        if (dimension != null) {
            return 0;
        }
        return switch (this) {
            case DAY, WEEK, MONTH -> grain == Grain.DAILY ? 0 : 1;
            case HOUR -> 1;
            case WEEKDAY_HOUR -> 2;
            default -> 0;
        };
    }
}
