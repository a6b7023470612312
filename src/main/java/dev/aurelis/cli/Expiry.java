package dev.aurelis.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import tools.jackson.databind.node.ObjectNode;

/**
 * When a key expires: either relative to its creation ({@code 30d}, sent as {@code expires_in}) or at a fixed
 * instant ({@code 2026-12-31}, midnight UTC, or a full ISO-8601 timestamp, sent as {@code expires_at}).
 */
record Expiry(String expiresIn, Instant expiresAt) {

    static Expiry parse(String text) {
        String value = text == null ? "" : text.strip();
        if (Durations.looksLikeDuration(value)) {
            Duration duration = Durations.parse(value);
            if (duration.isZero()) {
                throw new IllegalArgumentException("'" + text + "' is zero: a key must live for some time");
            }
            return new Expiry(Durations.canonical(value), null);
        }
        try {
            return new Expiry(null, LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException notADate) {
            // try a timestamp next
        }
        try {
            return new Expiry(null, OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException notATimestamp) {
            throw new IllegalArgumentException("'" + text + "' is neither " + Durations.EXPECTED
                    + " nor a date such as 2026-12-31");
        }
    }

    void writeTo(ObjectNode body) {
        if (expiresIn != null) {
            body.put("expires_in", expiresIn);
        } else {
            body.put("expires_at", expiresAt.toString());
        }
    }

    /** Lets picocli reject a bad {@code --expires} as a usage error. */
    static final class Converter implements ITypeConverter<Expiry> {

        @Override
        public Expiry convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
