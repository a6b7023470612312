package dev.aurelis.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The code quality score ({@code analytics.metrics.code_quality_scores.automated_analysis}, ADR 0072): 100 for
 * reviews that found nothing, down to 0, from the findings per review weighted by severity. Reviews are the unit
 * because the workflows capability reports each finished review's findings but not the size of the change it
 * reviewed; nothing else enters the score.
 */
public final class QualityScore {

    /** Points one finding of each severity weighs, in {@link CodeQuality#SEVERITIES} order. */
    static final int[] WEIGHTS = {10, 5, 2, 1, 0};

    /** Points of the score one weighted finding per review costs. */
    static final int POINTS_PER_WEIGHT = 10;

    public static final String FORMULA = "score = max(0, 100 - 10 * (10*critical + 5*high + 2*medium + 1*low + 0*info)"
            + " / reviews), rounded half up to a whole number; no score without reviews";

    private QualityScore() {
    }

    /** The score of these findings, or null when they come from no review. */
    public static Integer of(CodeQuality.Counts counts) {
        if (counts.reviews() == 0) {
            return null;
        }
        long weighted = WEIGHTS[0] * counts.critical() + WEIGHTS[1] * counts.high() + WEIGHTS[2] * counts.medium()
                + WEIGHTS[3] * counts.low() + WEIGHTS[4] * counts.info();
        BigDecimal penalty = BigDecimal.valueOf(weighted * POINTS_PER_WEIGHT)
                .divide(BigDecimal.valueOf(counts.reviews()), 10, RoundingMode.HALF_UP);
        BigDecimal score = BigDecimal.valueOf(100).subtract(penalty).max(BigDecimal.ZERO);
        return score.setScale(0, RoundingMode.HALF_UP).intValueExact();
    }
}
