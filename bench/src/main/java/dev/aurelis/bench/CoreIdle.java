package dev.aurelis.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * How busy one core is, from the kernel's counters in {@code /proc/stat}. Every proxy runs on one core, each with
 * whatever it brings along (the gateway's embedded database, a peer's backlog of requests it gave up on), and the mock
 * and the load generator on the other: the harness waits for both to be idle before the next run, so that one arm's
 * leftovers are never charged to the arm measured after it.
 */
final class CoreIdle {

    /** Busier than this over a window of {@link #WINDOW_MILLIS}, the core is still working. */
    static final double IDLE_SHARE = 0.10;
    static final long WINDOW_MILLIS = 300;

    private final Supplier<long[]> counters;
    private final LongSupplier nanos;
    private final Runnable pause;

    CoreIdle(int cpu) {
        this(() -> ticks(Path.of("/proc/stat"), cpu), System::nanoTime, CoreIdle::sleep);
    }

    /** A core read from {@code counters} (null: unreadable), on {@code nanos}, pausing between readings. */
    CoreIdle(Supplier<long[]> counters, LongSupplier nanos, Runnable pause) {
        this.counters = counters;
        this.nanos = nanos;
        this.pause = pause;
    }

    /**
     * Waits (at most {@code maxMillis}) until the core's busy share over a window is at most {@link #IDLE_SHARE}.
     *
     * @return how long it waited, in milliseconds
     */
    long settle(long maxMillis) {
        long start = nanos.getAsLong();
        long[] before = counters.get();
        while (before != null && (nanos.getAsLong() - start) / 1_000_000 < maxMillis) {
            pause.run();
            long[] now = counters.get();
            if (now == null || busyShare(before, now) <= IDLE_SHARE) {
                break;
            }
            before = now;
        }
        return (nanos.getAsLong() - start) / 1_000_000;
    }

    /** The share of the ticks between two readings that the core spent on anything but idling and waiting for I/O. */
    static double busyShare(long[] before, long[] after) {
        long total = 0;
        long idle = 0;
        for (int i = 0; i < after.length; i++) {
            long d = after[i] - before[i];
            total += d;
            if (i == 3 || i == 4) { // idle, iowait
                idle += d;
            }
        }
        return total <= 0 ? 0 : (double) (total - idle) / total;
    }

    /** A core's counters in a file like /proc/stat: user, nice, system, idle, iowait, irq, softirq, steal. */
    static long[] ticks(Path stat, int cpu) {
        String line = "cpu" + cpu + " ";
        try {
            for (String l : Files.readAllLines(stat)) {
                if (l.startsWith(line)) {
                    String[] f = l.trim().split("\\s+");
                    long[] t = new long[Math.min(8, f.length - 1)];
                    for (int i = 0; i < t.length; i++) {
                        t[i] = Long.parseLong(f[i + 1]);
                    }
                    return t;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no such core: the caller does not wait
        }
        return null;
    }

    private static void sleep() {
        try {
            Thread.sleep(WINDOW_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
