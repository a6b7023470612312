package dev.aurelis.cli;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import tools.jackson.databind.JsonNode;

/** Renders admin API values for people: missing values as {@code -}, times in UTC, counts with separators. */
final class Text {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Text() {
    }

    static boolean absent(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull();
    }

    /** The value as text, or {@code -} when it is missing or null. */
    static String of(JsonNode node) {
        if (absent(node)) {
            return "-";
        }
        String text = node.isValueNode() ? node.asString() : node.toString();
        return text.isEmpty() ? "-" : text;
    }

    /** A timestamp as {@code 2026-05-01 09:30} (UTC); text that is not a timestamp is shown as it is. */
    static String time(JsonNode node) {
        if (absent(node)) {
            return "-";
        }
        String text = node.asString();
        try {
            return MINUTES.format(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException notOffset) {
            try {
                return MINUTES.format(Instant.parse(text));
            } catch (DateTimeParseException notInstant) {
                return text;
            }
        }
    }

    /** A count with thousands separators: {@code 1234567} becomes {@code 1,234,567}. */
    static String count(JsonNode node) {
        if (absent(node)) {
            return "-";
        }
        if (node.isIntegralNumber()) {
            return String.format(Locale.ROOT, "%,d", node.asLong());
        }
        return of(node);
    }

    /**
     * A cost, which the server sends as a decimal string such as {@code "1.234500"}: trailing zeros are dropped
     * but at least two decimals are kept ({@code 1.2345}, {@code 3.00}).
     */
    static String cost(JsonNode node) {
        if (absent(node)) {
            return "-";
        }
        try {
            BigDecimal value = new BigDecimal(node.asString()).stripTrailingZeros();
            return value.setScale(Math.max(2, value.scale())).toPlainString();
        } catch (NumberFormatException notANumber) {
            return node.asString();
        }
    }
}
