package dev.aurelis.gateway.pipeline;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Whether the heap is nearly full of live data (ADR 0082): after every collection, the share of the heap still in
 * use. Above {@link #HIGH} the gateway refuses new exchanges (see {@link Admission}) until a collection leaves less
 * than {@link #LOW}: the exchanges in flight finish and free their memory, where admitting more would have the
 * collector compact a full heap again and again and answer nothing. The state changes only in collections, so the
 * hot path reads one volatile field.
 *
 * <p>A collection of the whole heap (a full one) is believed at once. A young one is not, alone: what it leaves in use
 * counts the old generation's garbage too, which only a mixed or full collection frees once the collector has marked
 * what is live. So a young reading above the mark is believed only after a marking of the old generation has ended
 * and the two collections since (G1's first ones after its cleanup, the second of them mixed) still read above it
 * (ADR 0096; ADR 0083 asked for two readings in a row, which a marking still running on a busy core outlasts: 149
 * streams refused in a soak whose next collection left 44 %). Collectors that never mark concurrently (Serial,
 * Parallel) free the old generation only in full collections, so only those count there.
 */
@Component
class HeapPressure {

    private static final Logger log = LoggerFactory.getLogger(HeapPressure.class);

    /** In use after a collection, as a share of the heap, at which new exchanges are refused. */
    static final double HIGH = 0.90;
    /** In use after a collection at which they are admitted again. */
    static final double LOW = 0.75;

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
            .collect(Collectors.toUnmodifiableSet());
    private final long maxHeap = Runtime.getRuntime().maxMemory();
    private final NotificationListener listener = this::collected;
    private final List<NotificationEmitter> watched = new ArrayList<>();
    private volatile double inUseAfterCollection;
    private volatile boolean high;
    /** A marking of the old generation ended since the heap last read below the mark. */
    private boolean marked;
    /** Young readings above the mark since that marking ended: the second one refuses. */
    private int youngAboveSinceMarking;

    HeapPressure(MeterRegistry meters) {
        Gauge.builder("aurelis.gateway.heap.in_use_after_collection", this, HeapPressure::inUseAfterCollection)
                .description("Share of the heap in use after the latest collection; new exchanges are refused above "
                        + HIGH + " until it falls below " + LOW).register(meters);
    }

    /** Listens to the JVM's collections from now on (the server's instance, once it is made). */
    @PostConstruct
    void watch() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                watched.add(emitter);
            }
        }
    }

    /** Whether new exchanges are refused for want of memory. */
    boolean high() {
        return high;
    }

    double inUseAfterCollection() {
        return inUseAfterCollection;
    }

    /**
     * A collection left {@code used} of {@code max} bytes of heap in use.
     *
     * @param wholeHeap the collection was of the whole heap (a full one), so what is left in use is live
     */
    synchronized void afterCollection(long used, long max, boolean wholeHeap) {
        if (max <= 0) {
            return;
        }
        double share = (double) used / max;
        inUseAfterCollection = share;
        boolean above = share > HIGH;
        if (!above) {
            marked = false;
            youngAboveSinceMarking = 0;
        } else if (!wholeHeap && marked) {
            youngAboveSinceMarking++;
        }
        boolean believed = above && (wholeHeap || youngAboveSinceMarking >= 2);
        if (!high && believed) {
            high = true;
            log.warn("The heap is {}% full after a collection: new exchanges are refused until those in flight free "
                    + "memory (see aurelis_gateway_exchanges_refused_total{limit=\"memory\"}).", Math.round(share * 100));
        } else if (high && share < LOW) {
            high = false;
            log.info("The heap is {}% full after a collection: new exchanges are admitted again.",
                    Math.round(share * 100));
        }
    }

    /** The collector has marked the old generation: what young collections leave in use now says what is live. */
    synchronized void markingEnded() {
        marked = true;
        youngAboveSinceMarking = 0;
    }

    private void collected(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        if (info.getGcName().contains("Concurrent")) {
            markingEnded(); // G1's remark or cleanup: the old generation is marked, its garbage not yet freed
            return;
        }
        if (info.getGcName().contains("Pauses")) {
            return; // a pause within a concurrent cycle (ZGC, Shenandoah): its garbage is not yet freed
        }
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        // G1, Parallel and Serial name their full collections "end of major GC"; ZGC its major cycles; each of
        // Shenandoah's cycles marks and collects the whole heap
        boolean wholeHeap = info.getGcAction().contains("major") || info.getGcName().contains("Major")
                || info.getGcName().equals("Shenandoah Cycles");
        afterCollection(used, maxHeap, wholeHeap);
    }

    @PreDestroy
    void stopWatching() {
        for (NotificationEmitter emitter : watched) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }
}
