package dev.aurelis.analytics.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reports read the rollups in parallel, but never with more than a quarter of the connection pool. */
class RollupReadsAtOnceTests {

    @Test
    void aQuarterOfThePoolBetweenOneAndFour() {
        assertThat(RollupReader.readsAtOnce(16)).isEqualTo(4);
        assertThat(RollupReader.readsAtOnce(64)).isEqualTo(4);
        assertThat(RollupReader.readsAtOnce(12)).isEqualTo(3);
        assertThat(RollupReader.readsAtOnce(6)).isEqualTo(1);
        assertThat(RollupReader.readsAtOnce(2)).isEqualTo(1);
    }

    @Test
    void anUnsetPoolSizeIsTheDefaultSixteen() {
        assertThat(RollupReader.readsAtOnce(0)).isEqualTo(4);
        assertThat(RollupReader.readsAtOnce(-1)).isEqualTo(4);
    }
}
