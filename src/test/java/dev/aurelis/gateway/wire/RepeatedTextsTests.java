package dev.aurelis.gateway.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Remembered estimates are the estimates: texts of the same length but different content keep their own. */
class RepeatedTextsTests {

    @Test
    void aRepeatedTextGetsItsOwnEstimateAgain() {
        String prose = "Review this change for security issues before it ships. ".repeat(20);
        long first = RepeatedTexts.estimate(prose);
        assertThat(first).isEqualTo(TokenEstimate.of(prose));
        assertThat(RepeatedTexts.estimate(new String(prose.toCharArray()))).isEqualTo(first);
    }

    @Test
    void textsOfOneLengthAreNotConfused() {
        String words = "word ".repeat(200);
        String digest = "a1B2c3D4e5".repeat(100);
        assertThat(words.length()).isEqualTo(digest.length());
        assertThat(RepeatedTexts.estimate(words)).isEqualTo(TokenEstimate.of(words));
        assertThat(RepeatedTexts.estimate(digest)).isEqualTo(TokenEstimate.of(digest))
                .isNotEqualTo(TokenEstimate.of(words));
    }

    @Test
    void shortTextsAreEstimatedAsEver() {
        assertThat(RepeatedTexts.estimate("fix the failing test")).isEqualTo(TokenEstimate.of("fix the failing test"));
    }
}
