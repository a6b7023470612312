package dev.aurelis.spend;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Budget amounts as counters hold them: whole micro-units of the pricing currency. */
final class Money {

    private static final int MICRO = 6;

    private Money() {
    }

    /** Rounded up, so that counters never understate spend. */
    static long microsUp(BigDecimal amount) {
        return amount.movePointRight(MICRO).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** Rounded down, so that a limit is never overstated. */
    static long microsDown(BigDecimal amount) {
        return amount.movePointRight(MICRO).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    static BigDecimal fromMicros(long micros) {
        return BigDecimal.valueOf(micros, MICRO).stripTrailingZeros();
    }

    /** "1,234.50 USD"; small amounts keep up to six decimals so that they do not read as zero. */
    static String format(BigDecimal amount, String currency) {
        BigDecimal shown = amount.abs().compareTo(new BigDecimal("0.01")) >= 0 || amount.signum() == 0
                ? amount.setScale(2, RoundingMode.HALF_UP)
                : amount.setScale(Math.min(6, Math.max(2, amount.stripTrailingZeros().scale())), RoundingMode.HALF_UP);
        return String.format(java.util.Locale.ROOT, "%,." + shown.scale() + "f %s", shown, currency);
    }

    static String formatMicros(long micros, String currency) {
        return format(BigDecimal.valueOf(micros, MICRO), currency);
    }
}
