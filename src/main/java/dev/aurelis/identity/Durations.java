package dev.aurelis.identity;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the short durations people type ({@code 30d}, {@code 12h}, {@code 90m}, {@code 45s}) and dates. */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*([smhdw])");

    private Durations() {
    }

    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("A duration is required, for example 30d, 12h or 90m.");
        }
        Matcher m = SHORT.matcher(text.strip().toLowerCase(java.util.Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
        }
        try {
            return Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; use for example 30d, 12h, 90m or PT1H.");
        }
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
