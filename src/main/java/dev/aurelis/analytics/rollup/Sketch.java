package dev.aurelis.analytics.rollup;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * A latency distribution in milliseconds as an HdrHistogram with two significant digits (every value is kept
 * within 1 %), from 1 ms to one hour (longer values count as one hour). Two sketches merge into exactly the sketch
 * of all their values, so percentiles roll up from hours to days to any range without error beyond the 1 %.
 */
public final class Sketch {

    static final long HIGHEST_MS = 3_600_000L;
    private static final int DIGITS = 2;

    private final Histogram histogram;

    private Sketch(Histogram histogram) {
        this.histogram = histogram;
    }

    public static Sketch empty() {
        return new Sketch(new Histogram(1, HIGHEST_MS, DIGITS));
    }

    /** Reads {@link #bytes()}; null or empty is an empty sketch. */
    public static Sketch of(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return empty();
        }
        try {
            return new Sketch(Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 1));
        } catch (DataFormatException e) {
            throw new IllegalStateException("A stored latency sketch cannot be read", e);
        }
    }

    public void record(long millis) {
        histogram.recordValue(Math.max(1, Math.min(HIGHEST_MS, millis)));
    }

    public void add(Sketch other) {
        histogram.add(other.histogram);
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /** The value at {@code percentile} (0 to 100), or 0 for an empty sketch. */
    public long percentile(double percentile) {
        return count() == 0 ? 0 : histogram.getValueAtPercentile(percentile);
    }

    public byte[] bytes() {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return bytes;
    }
}
