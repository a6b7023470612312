package dev.aurelis.identity;

import dev.aurelis.units.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Reads the durations people type ({@code 30d}, {@code 12h}, {@code 90m}; {@link DurationText}'s grammar) and dates. */
public final class Durations {

    /** The latest instant a date here may name: what databases and clients store without surprise. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private Durations() {
    }

    /** Now plus {@code duration}, refused when it lies beyond {@link #LATEST}. */
    public static Instant fromNow(Duration duration) {
        Instant now = Instant.now();
        if (duration.compareTo(Duration.between(now, LATEST)) > 0) {
            throw new IllegalArgumentException("The duration " + duration.toDays() + " days is too long: the result "
                    + "must be no later than " + LATEST + ".");
        }
        return now.plus(duration);
    }

    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("A duration is required, for example 30d, 12h or 90m.");
        }
        return DurationText.require(text);
    }

    /** An instant given as ISO date-time or date (midnight UTC). */
    public static Instant parseInstant(String text) {
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(text.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException again) {
                throw new IllegalArgumentException("'" + text + "' is not a date (2026-12-31) or an ISO instant (2026-12-31T00:00:00Z).");
            }
        }
    }
}
