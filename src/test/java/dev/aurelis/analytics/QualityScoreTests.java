package dev.aurelis.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The code quality score's formula (docs/analytics.md#code-quality-score) on known counts. */
class QualityScoreTests {

    private static Integer score(long reviews, long critical, long high, long medium, long low, long info) {
        return QualityScore.of(new CodeQuality.Counts(reviews, critical + high + medium + low + info, critical, high,
                medium, low, info));
    }

    @Test
    void reviewsThatFoundNothingScoreAHundred() {
        assertThat(score(3, 0, 0, 0, 0, 0)).isEqualTo(100);
        assertThat(score(1, 0, 0, 0, 0, 7)).as("info findings weigh nothing").isEqualTo(100);
    }

    @Test
    void eachSeverityWeighsItsPointsPerReview() {
        assertThat(score(1, 0, 0, 0, 1, 0)).isEqualTo(90);
        assertThat(score(1, 0, 0, 1, 0, 0)).isEqualTo(80);
        assertThat(score(1, 0, 1, 0, 0, 0)).isEqualTo(50);
        assertThat(score(2, 1, 0, 0, 0, 0)).as("one critical over two reviews").isEqualTo(50);
        assertThat(score(4, 0, 1, 1, 4, 0)).as("11 / 4 = 2.75 per review: 72.5, half up").isEqualTo(73);
    }

    @Test
    void theScoreStopsAtZeroAndNoReviewsHaveNoScore() {
        assertThat(score(1, 2, 0, 0, 0, 0)).isZero();
        assertThat(score(0, 0, 0, 0, 0, 0)).isNull();
    }
}
