package dev.aurelis.alerting;

import java.util.List;
import java.util.Locale;

/** The severities alerts carry, PagerDuty's four, from the most urgent. */
public final class Severities {

    public static final String CRITICAL = "critical";
    public static final String ERROR = "error";
    public static final String WARNING = "warning";
    public static final String INFO = "info";
    public static final List<String> ALL = List.of(CRITICAL, ERROR, WARNING, INFO);

    private Severities() {
    }

    /** Lower case; null is warning; {@code high} reads as error and {@code low} as info. */
    public static String normalize(String severity) {
        if (severity == null || severity.isBlank()) {
            return WARNING;
        }
        String s = severity.strip().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "high", "major" -> ERROR;
            case "low", "minor" -> INFO;
            case "warn" -> WARNING;
            default -> {
                if (!ALL.contains(s)) {
                    throw new IllegalArgumentException("'" + severity + "' is not a severity: use critical, error, "
                            + "warning or info.");
                }
                yield s;
            }
        };
    }
}
