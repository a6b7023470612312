package dev.aurelis.configuration;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of bytes, written in the file as a number of bytes or as text with a unit: {@code 32MiB}, {@code 512KB},
 * {@code 1.5GiB}. Units follow IEC and SI strictly: {@code KiB}, {@code MiB}, {@code GiB} are powers of 1024 and
 * {@code KB}, {@code MB}, {@code GB} powers of 1000, so a limit means the same thing to everyone who reads it.
 */
public record ByteSize(long bytes) {

    private static final Pattern TEXT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]*)");
    private static final Map<String, Long> UNITS = Map.of(
            "", 1L, "b", 1L,
            "kb", 1_000L, "mb", 1_000_000L, "gb", 1_000_000_000L,
            "kib", 1L << 10, "mib", 1L << 20, "gib", 1L << 30);

    public ByteSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size must not be negative");
        }
    }

    public static ByteSize ofBytes(long bytes) {
        return new ByteSize(bytes);
    }

    public static ByteSize ofMebibytes(long mebibytes) {
        return new ByteSize(Math.multiplyExact(mebibytes, 1L << 20));
    }

    /** Parses {@code 32MiB}, {@code 512 KB}, {@code 1048576} (case-insensitive units). */
    public static ByteSize parse(String text) {
        Matcher matcher = TEXT.matcher(text.trim().toLowerCase(Locale.ROOT));
        Long unit = matcher.matches() ? UNITS.get(matcher.group(2)) : null;
        if (unit == null) {
            throw new IllegalArgumentException("'" + text + "' is not a size such as 32MiB, 512KB or 1048576");
        }
        try {
            return new ByteSize(new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(unit)).longValue());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too large a size");
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ByteSize fromConfiguration(Object value) {
        if (value instanceof Number number) {
            if (number instanceof BigDecimal || number instanceof Double || number instanceof Float) {
                throw new IllegalArgumentException("'" + number + "' is not a whole number of bytes");
            }
            return new ByteSize(number.longValue());
        }
        if (value instanceof String text) {
            return parse(text);
        }
        throw new IllegalArgumentException("must be a size such as 32MiB, 512KB or 1048576");
    }

    /** The shortest exact form, e.g. {@code 32MiB}, {@code 1500B}; {@link #parse} reads it back. */
    @JsonValue
    @Override
    public String toString() {
        for (String unit : new String[] {"GiB", "MiB", "KiB"}) {
            long size = UNITS.get(unit.toLowerCase(Locale.ROOT));
            if (bytes != 0 && bytes % size == 0) {
                return bytes / size + unit;
            }
        }
        return bytes + "B";
    }
}
