package dev.aurelis.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntSupplier;

/** Samples the summed resident set size (VmRSS in /proc/PID/status) of a set of processes on a thread of its own. */
final class RssSampler {

    record Sample(long atNanos, long rssKb, int inFlight) {
    }

    private final List<Long> pids;
    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private Thread thread;
    private volatile boolean running;

    RssSampler(List<Long> pids) {
        this.pids = pids;
    }

    long rssKb() {
        long sum = 0;
        for (long pid : pids) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        sum += Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process is gone: it counts as nothing
            }
        }
        return sum;
    }

    /** CPU time (user + system, in clock ticks) the processes have used so far. */
    long cpuTicks() {
        long sum = 0;
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);  // fields 14 and 15: utime, stime
            } catch (IOException | RuntimeException e) {
                // gone
            }
        }
        return sum;
    }

    /**
     * Waits (at most {@code maxMillis}) until the processes use under ~10 % of a core, e.g. a proxy still working
     * off the backlog of a rate it could not keep up with, which would otherwise be charged to the next arm.
     *
     * @return how long it waited, in milliseconds
     */
    long settle(long maxMillis) {
        long start = System.nanoTime();
        long before = cpuTicks();
        while ((System.nanoTime() - start) / 1_000_000 < maxMillis) {
            sleep(300);
            long now = cpuTicks();
            if (now - before <= 3) {
                break;
            }
            before = now;
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    long medianOf(int n, long everyMillis) {
        List<Long> xs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            xs.add(rssKb());
            sleep(everyMillis);
        }
        Collections.sort(xs);
        return xs.get(n / 2);
    }

    void start(long everyMillis, IntSupplier inFlight) {
        running = true;
        thread = new Thread(() -> {
            while (running) {
                samples.add(new Sample(System.nanoTime(), rssKb(), inFlight.getAsInt()));
                sleep(everyMillis);
            }
        }, "rss-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    List<Sample> stop() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new ArrayList<>(samples);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
