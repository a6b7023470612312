package dev.aurelis.units;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of Aurelis: a whole number and a unit ({@code ms}, {@code s}, {@code m}, {@code h},
 * {@code d}, {@code w}; case and a space between them do not matter), or ISO-8601 ({@code PT1H}, {@code P1D}). The
 * configuration file, the command line and the admin API all read durations with it; each caller adds its own
 * bounds (a key's lifetime must be more than zero, and so on).
 */
public final class DurationText {

    /** How to write one, for messages. */
    public static final String EXAMPLES = "a whole number and a unit (ms, s, m, h, d or w), such as 90s, 15m, 12h or "
            + "30d, or ISO-8601 such as PT1H";

    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d|w)");

    private DurationText() {
    }

    /** The duration {@code text} spells, if it spells one. */
    public static Optional<Duration> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Matcher m = SHORT.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            return Optional.of(of(Long.parseLong(m.group(1)), m.group(2)));
        }
        try {
            return Optional.of(Duration.parse(text.strip().toUpperCase(Locale.ROOT)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The duration {@code text} spells; anything else is an {@link IllegalArgumentException} saying how to write one. */
    public static Duration require(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("'" + (text == null ? "" : text.strip())
                + "' is not a duration: write " + EXAMPLES + "."));
    }

    /** Whether {@code text} is in the short form ({@code 30d}), as opposed to ISO-8601 or something else. */
    public static boolean isShortForm(String text) {
        return text != null && SHORT.matcher(text.strip().toLowerCase(Locale.ROOT)).matches();
    }

    /** The short form's canonical spelling: {@code 030 D} becomes {@code 30d}. */
    public static String canonical(String text) {
        Matcher m = SHORT.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not " + EXAMPLES);
        }
        return Long.parseLong(m.group(1)) + m.group(2);
    }

    private static Duration of(long amount, String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofDays(Math.multiplyExact(amount, 7));
        };
    }
}
