package dev.aurelis.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the harness orders the arms and tells that the proxies' core is idle between runs. */
class HarnessTests {

    @Test
    void readsOneCoresCountersAndTheShareItWasBusy(@TempDir Path dir) throws Exception {
        Path stat = dir.resolve("stat");
        Files.writeString(stat, """
                cpu  900 0 300 5000 10 0 5 0 0 0
                cpu0 100 0 50 800 10 0 5 0 0 0
                cpu1 800 0 250 4200 0 0 0 0 0 0
                intr 12345
                """);
        assertArrayEquals(new long[] {100, 0, 50, 800, 10, 0, 5, 0}, CoreIdle.ticks(stat, 0));
        assertNull(CoreIdle.ticks(stat, 7), "a core that is not there");
        long[] before = {100, 0, 50, 800, 10, 0, 5, 0};
        long[] after = {160, 0, 70, 810, 10, 0, 5, 0}; // 80 ticks busy, 10 idle
        assertEquals(80.0 / 90, CoreIdle.busyShare(before, after), 1e-9);
        long[] quiet = {101, 0, 51, 890, 15, 0, 5, 0}; // 2 busy, 95 idle or waiting for I/O
        assertTrue(CoreIdle.busyShare(before, quiet) <= CoreIdle.IDLE_SHARE);
    }

    @Test
    void waitsUntilTheCoreIsIdleAndNoLongerThanItIsTold() {
        AtomicLong clock = new AtomicLong();
        AtomicInteger readings = new AtomicInteger();
        Runnable window = () -> clock.addAndGet(CoreIdle.WINDOW_MILLIS * 1_000_000);
        // busy for four windows (90 of every 100 ticks), then idle (5 of 100)
        CoreIdle draining = new CoreIdle(() -> {
            int n = readings.getAndIncrement();
            long busy = 90L * Math.min(n, 4) + 5L * Math.max(0, n - 4);
            return new long[] {busy, 0, 0, 100L * n - busy, 0, 0, 0, 0};
        }, clock::get, window);
        assertEquals(5 * CoreIdle.WINDOW_MILLIS, draining.settle(30_000));

        clock.set(0);
        readings.set(0);
        CoreIdle busy = new CoreIdle(() -> {
            int n = readings.getAndIncrement();
            return new long[] {90L * n, 0, 0, 10L * n, 0, 0, 0, 0};
        }, clock::get, window);
        assertEquals(3_000, busy.settle(3_000));

        CoreIdle unreadable = new CoreIdle(() -> null, clock::get, window);
        clock.set(0);
        assertEquals(0, unreadable.settle(3_000), "no counters (not Linux): no waiting");
    }

    @Test
    void noArmAlwaysRunsRightAfterTheSameOne() {
        List<Target> arms = new ArrayList<>();
        for (String name : List.of("direct", "nginx", "portkey", "aurelis", "aurelis-gov", "aurelis-gov-sync")) {
            arms.add(Target.parse(name + "=http://127.0.0.1:1"));
        }
        for (Target arm : arms) {
            Set<String> before = new HashSet<>();
            for (int round = 1; round <= 3; round++) {
                List<Target> order = Plan.order(arms, round);
                assertEquals(new HashSet<>(arms), new HashSet<>(order), "every arm once a round");
                int i = order.indexOf(arm);
                before.add(i == 0 ? "(first)" : order.get(i - 1).name());
            }
            assertTrue(before.size() > 1, arm.name() + " ran after " + before + " in every round");
        }
    }
}
