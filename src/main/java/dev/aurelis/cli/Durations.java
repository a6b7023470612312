package dev.aurelis.cli;

import dev.aurelis.units.DurationText;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The durations the command line accepts: {@link DurationText}'s grammar (the one the configuration file and the
 * admin API read), narrowed to what each option means and written without spaces, as on a command line. Lifetimes and
 * look-backs are minutes, hours or days ({@code 90m}, {@code 12h}, {@code 30d}); waits are milliseconds, seconds or
 * minutes ({@code 500ms}, {@code 5s}, {@code 2m}), more than zero.
 */
final class Durations {

    private static final Pattern LIFETIME = Pattern.compile("\\d{1,9}[mhd]");

    private static final Pattern WAIT = Pattern.compile("\\d{1,9}(ms|s|m)");

    static final String EXPECTED = "a duration such as 90m, 12h or 30d";

    static final String EXPECTED_WAIT = "a wait such as 500ms, 5s or 2m";

    private Durations() {
    }

    /** Whether {@code text} is a lifetime or look-back rather than a date. */
    static boolean looksLikeDuration(String text) {
        return text != null && LIFETIME.matcher(normal(text)).matches();
    }

    /** Parses {@code 90m}, {@code 12h} or {@code 30d}; anything else is an {@link IllegalArgumentException}. */
    static Duration parse(String text) {
        if (!looksLikeDuration(text)) {
            throw new IllegalArgumentException("'" + text + "' is not " + EXPECTED);
        }
        return DurationText.require(normal(text));
    }

    /** The canonical spelling sent to the server: {@code 030D} becomes {@code 30d}. */
    static String canonical(String text) {
        if (!looksLikeDuration(text)) {
            throw new IllegalArgumentException("'" + text + "' is not " + EXPECTED);
        }
        return DurationText.canonical(text);
    }

    /** Parses a wait: {@code 500ms}, {@code 5s} or {@code 2m}, more than zero. */
    static Duration parseWait(String text) {
        if (text == null || !WAIT.matcher(normal(text)).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not " + EXPECTED_WAIT);
        }
        Duration wait = DurationText.require(normal(text));
        if (wait.isZero()) {
            throw new IllegalArgumentException("'" + text + "' is not " + EXPECTED_WAIT);
        }
        return wait;
    }

    private static String normal(String text) {
        return text.strip().toLowerCase(Locale.ROOT);
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

    /** Lets picocli read {@link #parse lifetimes} ({@code 90m}, {@code 12h}, {@code 30d}); a malformed one is a usage error. */
    static final class LifetimeConverter implements picocli.CommandLine.ITypeConverter<Duration> {

        @Override
        public Duration convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
