package dev.aurelis.analytics.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Sketches give HdrHistogram's percentiles, merge exactly and read what earlier builds stored (HdrHistogram's encoding). */
class SketchTests {

    private static final double[] PERCENTILES = {0, 50, 90, 95, 99, 99.9, 100};

    @Test
    void mergedStoredSketchesGiveTheSamePercentilesAsOneHistogramOfAllValues() {
        SplittableRandom random = new SplittableRandom(11);
        Histogram reference = new Histogram(1, Sketch.HIGHEST_MS, 2);
        Sketch merged = Sketch.empty();
        for (int cell = 0; cell < 200; cell++) {
            Sketch one = Sketch.empty();
            for (int i = 0; i < random.nextInt(1, 40); i++) {
                long millis = random.nextLong(1, 120_000);
                one.record(millis);
                reference.recordValue(millis);
            }
            merged.add(Sketch.of(one.bytes()));
        }
        assertThat(merged.count()).isEqualTo(reference.getTotalCount());
        for (double percentile : PERCENTILES) {
            assertThat(merged.percentile(percentile)).as("p%s", percentile)
                    .isEqualTo(reference.getValueAtPercentile(percentile));
        }
    }

    @Test
    void readsASketchStoredAsAFullHistogram() {
        Histogram stored = new Histogram(1, Sketch.HIGHEST_MS, 2);
        for (long millis : new long[] {3, 250, 250, 1_800, 42_000, 3_600_000}) {
            stored.recordValue(millis);
        }
        ByteBuffer buffer = ByteBuffer.allocate(stored.getNeededByteBufferCapacity());
        byte[] bytes = new byte[stored.encodeIntoCompressedByteBuffer(buffer)];
        buffer.flip().get(bytes);

        Sketch read = Sketch.of(bytes);

        assertThat(read.count()).isEqualTo(6);
        assertThat(read.percentile(50)).isEqualTo(stored.getValueAtPercentile(50));
        assertThat(read.percentile(100)).isEqualTo(stored.getValueAtPercentile(100));
    }

    @Test
    void aSketchOfAFewValuesIsStoredInAFewBytes() {
        Sketch sketch = Sketch.empty();
        for (long millis : new long[] {180, 240, 240, 1_900}) {
            sketch.record(millis);
        }
        assertThat(sketch.bytes()).hasSizeLessThan(16);
        assertThat(Sketch.of(sketch.bytes()).percentile(50)).isEqualTo(sketch.percentile(50));
    }

    @Test
    void aTruncatedSketchIsRefusedClearly() {
        Sketch sketch = Sketch.empty();
        sketch.record(1_234);
        byte[] bytes = sketch.bytes();
        assertThatThrownBy(() -> Sketch.of(java.util.Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ends early");
    }

    @Test
    void anEmptySketchStoresAndReadsAsEmpty() {
        assertThat(Sketch.of(Sketch.empty().bytes()).count()).isZero();
        assertThat(Sketch.of(null).percentile(99)).isZero();
    }
}
