package dev.aurelis.workflows.definitions;

import java.util.Locale;

/** How serious a finding is, from most to least. */
public enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW, INFO;

    /** Reads a model's or the configuration's word for a severity; anything unrecognised is {@link #INFO}. */
    public static Severity of(String text) {
        if (text == null) {
            return INFO;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "critical", "blocker" -> CRITICAL;
            case "high", "error", "major" -> HIGH;
            case "medium", "moderate", "warning" -> MEDIUM;
            case "low", "minor" -> LOW;
            default -> INFO;
        };
    }

    public boolean atLeast(Severity threshold) {
        return ordinal() <= threshold.ordinal();
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
