package dev.aurelis.analytics.rollup;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A latency distribution in milliseconds with HdrHistogram's buckets for two significant digits (every value is
 * kept within 1 %), from 1 ms to one hour (longer values count as one hour). Two sketches merge into exactly the
 * sketch of all their values, and percentiles are computed as HdrHistogram computes them, so they roll up from
 * hours to days to any range without error beyond the 1 %.
 *
 * <p>Only the buckets that hold values are kept, as sorted arrays, and stored as varints. A rollup cell holds a
 * handful of values: a full histogram would cost 16 KB per sketch and a pass over all its buckets for every encoding
 * and merge, which made folding and reading the rollups slower than the gateway writes the ledger (ADR 0026).
 * Sketches stored by earlier builds (HdrHistogram's compressed encoding) are still read.
 */
public final class Sketch {

    static final long HIGHEST_MS = 3_600_000L;
    private static final int DIGITS = 2;
    private static final byte FORMAT = 1;
    /** Used only for its bucket arithmetic, which depends on nothing but the range and the precision. */
    private static final Histogram BUCKETS = new Histogram(1, HIGHEST_MS, DIGITS);

    private long[] values = new long[4];
    private long[] counts = new long[4];
    private int size;
    private long total;

    private Sketch() {
    }

    public static Sketch empty() {
        return new Sketch();
    }

    /** Reads {@link #bytes()} (or an HdrHistogram encoding of an earlier build); null or empty is an empty sketch. */
    public static Sketch of(byte[] bytes) {
        Sketch sketch = new Sketch();
        if (bytes == null || bytes.length == 0) {
            return sketch;
        }
        if (bytes[0] != FORMAT) {
            sketch.addAll(legacy(bytes));
            return sketch;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        try {
            int buckets = (int) readVarLong(in);
            long value = 0;
            for (int i = 0; i < buckets; i++) {
                value += readVarLong(in);
                sketch.add(value, readVarLong(in));
            }
        } catch (BufferUnderflowException e) {
            throw new IllegalStateException("A stored latency sketch cannot be read: it ends early", e);
        }
        return sketch;
    }

    public void record(long millis) {
        add(BUCKETS.lowestEquivalentValue(Math.max(1, Math.min(HIGHEST_MS, millis))), 1);
    }

    public void add(Sketch other) {
        for (int i = 0; i < other.size; i++) {
            add(other.values[i], other.counts[i]);
        }
    }

    public long count() {
        return total;
    }

    /** The value at {@code percentile} (0 to 100), as HdrHistogram's {@code getValueAtPercentile}; 0 when empty. */
    public long percentile(double percentile) {
        if (total == 0) {
            return 0;
        }
        double requested = Math.min(Math.max(Math.nextAfter(percentile, Double.NEGATIVE_INFINITY), 0.0), 100.0);
        long countAtPercentile = Math.max(1, (long) Math.ceil(requested * total / 100.0));
        long running = 0;
        for (int i = 0; i < size; i++) {
            running += counts[i];
            if (running >= countAtPercentile) {
                return percentile == 0.0 ? values[i] : BUCKETS.highestEquivalentValue(values[i]);
            }
        }
        return BUCKETS.highestEquivalentValue(values[size - 1]);
    }

    /** The format byte, the number of buckets, then each bucket's value (as a difference) and count, as varints. */
    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2 + size * 4);
        out.write(FORMAT);
        writeVarLong(out, size);
        long previous = 0;
        for (int i = 0; i < size; i++) {
            writeVarLong(out, values[i] - previous);
            writeVarLong(out, counts[i]);
            previous = values[i];
        }
        return out.toByteArray();
    }

    private void add(long bucket, long count) {
        int at = Arrays.binarySearch(values, 0, size, bucket);
        if (at >= 0) {
            counts[at] += count;
        } else {
            at = -at - 1;
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
                counts = Arrays.copyOf(counts, size * 2);
            }
            System.arraycopy(values, at, values, at + 1, size - at);
            System.arraycopy(counts, at, counts, at + 1, size - at);
            values[at] = bucket;
            counts[at] = count;
            size++;
        }
        total += count;
    }

    private void addAll(Histogram histogram) {
        for (HistogramIterationValue v : histogram.recordedValues()) {
            add(BUCKETS.lowestEquivalentValue(v.getValueIteratedTo()), v.getCountAtValueIteratedTo());
        }
    }

    private static Histogram legacy(byte[] bytes) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 1);
        } catch (DataFormatException e) {
            throw new IllegalStateException("A stored latency sketch cannot be read", e);
        }
    }

    private static void writeVarLong(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static long readVarLong(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalStateException("A stored latency sketch cannot be read: a number runs past 64 bits");
    }
}
