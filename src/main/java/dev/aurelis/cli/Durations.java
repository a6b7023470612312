package dev.aurelis.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The short durations the command line accepts: a whole number followed by {@code m}, {@code h} or {@code d} for
 * lifetimes, and {@code ms}, {@code s} or {@code m} for waits.
 */
final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([mhd])");

    private static final Pattern WAIT = Pattern.compile("(\\d{1,9})(ms|s|m)");

    static final String EXPECTED = "a duration such as 90m, 12h or 30d";

    static final String EXPECTED_WAIT = "a wait such as 500ms, 5s or 2m";

    private Durations() {
    }

    static boolean looksLikeDuration(String text) {
        return text != null && SHORT.matcher(text.strip().toLowerCase(Locale.ROOT)).matches();
    }

    /** Parses {@code 90m}, {@code 12h} or {@code 30d}; anything else is an {@link IllegalArgumentException}. */
    static Duration parse(String text) {
        Matcher m = SHORT.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not " + EXPECTED);
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** The canonical spelling sent to the server: {@code 030D} becomes {@code 30d}. */
    static String canonical(String text) {
        Matcher m = SHORT.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not " + EXPECTED);
        }
        return Long.parseLong(m.group(1)) + m.group(2);
    }

    /** Parses a wait: {@code 500ms}, {@code 5s} or {@code 2m}, more than zero. */
    static Duration parseWait(String text) {
        Matcher m = WAIT.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("'" + text + "' is not " + EXPECTED_WAIT);
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
    }

    /** Lets picocli read {@link #parseWait waits}; a malformed one is a usage error. */
    static final class WaitConverter implements picocli.CommandLine.ITypeConverter<Duration> {

        @Override
        public Duration convert(String value) {
            try {
                return parseWait(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
