package dev.aurelis.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** Money in reports: exact decimals (never binary floating point), without trailing zeros, shown in full. */
final class Money {

    private Money() {
    }

    /** The amount as stored, without trailing zeros; zero as 0. */
    static BigDecimal exact(BigDecimal amount) {
        if (amount == null || amount.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** An amount derived by division or projection, to six decimals (micro-units). */
    static BigDecimal derived(BigDecimal amount) {
        return exact(amount.setScale(6, RoundingMode.HALF_UP));
    }

    /** "1,234.50 USD"; small amounts keep up to ten decimals so that they never read as zero. */
    static String format(BigDecimal amount, String currency) {
        BigDecimal exact = exact(amount);
        int scale = Math.max(2, Math.min(10, exact.scale()));
        return String.format(Locale.ROOT, "%,." + scale + "f %s", exact.setScale(scale, RoundingMode.HALF_UP), currency);
    }

    /** The plain decimal text of an amount, for CSV. */
    static String plain(BigDecimal amount) {
        return exact(amount).toPlainString();
    }
}
