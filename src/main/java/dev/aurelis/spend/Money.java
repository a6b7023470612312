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

    /**
     * "1,234.50 USD", "0.01133 USD", "1,200 JPY": exact, never rounded, with at least the currency's usual decimals
     * (two for most, none for the yen), so that a message never says 0.01 is spent when 0.01133 is.
     */
    static String format(BigDecimal amount, String currency) {
        int usual;
        try {
            usual = Math.max(0, java.util.Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException | NullPointerException e) {
            usual = 2;
        }
        BigDecimal exact = amount.stripTrailingZeros();
        BigDecimal shown = exact.setScale(Math.max(usual, Math.max(0, exact.scale())), RoundingMode.UNNECESSARY);
        return String.format(java.util.Locale.ROOT, "%,." + shown.scale() + "f %s", shown, currency);
    }

    static String formatMicros(long micros, String currency) {
        return format(BigDecimal.valueOf(micros, MICRO), currency);
    }
}
