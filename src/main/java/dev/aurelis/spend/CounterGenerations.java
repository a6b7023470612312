package dev.aurelis.spend;

import dev.aurelis.spend.counters.CounterStore;
import dev.aurelis.spend.counters.CounterStore.Generation;
import dev.aurelis.spend.counters.CountersUnavailable;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters that survive Redis losing them. Each tenant's counters in Redis belong to a generation (a key checked
 * by every reservation); when the key is gone (Redis restarted without persistence, was flushed, or this replica
 * rebuilt them after an outage) a new generation starts, and for {@link #REBUILD_WINDOW} no reservation under a hard
 * limit is admitted while every replica puts back what it holds in flight: reservations not settled yet, and those
 * settled whose record is not durable in the ledger yet (the ledger the counters are rebuilt from lacks them). Every
 * replica checks the generation once a second, so each puts its own back within the window.
 */
final class CounterGenerations {

    private static final Logger log = LoggerFactory.getLogger(CounterGenerations.class);

    /** How long a new generation refuses hard-limited reservations while replicas put theirs back. */
    static final Duration REBUILD_WINDOW = Duration.ofSeconds(3);

    private final Clock clock;
    private final Map<String, Generation> known = new ConcurrentHashMap<>();
    private final Map<String, Set<Reservation>> inFlight = new ConcurrentHashMap<>();

    CounterGenerations(Clock clock) {
        this.clock = clock;
    }

    /** The generation to reserve in; the first use of a tenant's counters starts one without a rebuild window. */
    Generation current(CounterStore store, String tenant) {
        return known.computeIfAbsent(tenant, t -> {
            Generation found = store.generation(t);
            return found != null ? found : store.startGeneration(t, new Generation(newId(), 0));
        });
    }

    /**
     * The tenant's counters are not of the generation this replica knows: start a new one if they are gone, put
     * back what this replica holds in flight, and take the current generation as known.
     */
    Generation renew(CounterStore store, String tenant) {
        synchronized (lock(tenant)) {
            Generation before = known.get(tenant);
            Generation now = store.generation(tenant);
            if (now == null) {
                // gone: a loss if this replica knew a generation, else a first use
                long until = before == null ? 0 : clock.millis() + REBUILD_WINDOW.toMillis();
                now = store.startGeneration(tenant, new Generation(newId(), until));
            }
            if (!now.equals(before)) {
                int adopted = adopt(store, tenant);
                if (before != null) {
                    log.warn("Budget counters of tenant {} were lost (Redis restarted, was flushed or was rebuilt): "
                            + "{} reservations in flight here are held again, and counters are rebuilt from the ledger",
                            tenant, adopted);
                }
                known.put(tenant, now);
            }
            return now;
        }
    }

    /** Checks every known tenant's generation (once a second), so in-flight reservations are put back in time. */
    void check(CounterStore store) {
        for (String tenant : List.copyOf(known.keySet())) {
            try {
                if (!Objects.equals(store.generation(tenant), known.get(tenant))) {
                    renew(store, tenant);
                }
            } catch (CountersUnavailable e) {
                return; // the next reservation finds out and handles the outage
            }
        }
    }

    /** Whether a reservation of this generation under a hard limit must wait; how long, in millis, or 0. */
    long rebuildingFor(Generation generation) {
        return generation == null ? 0 : Math.max(0, generation.rebuildUntil() - clock.millis());
    }

    void held(Reservation reservation) {
        inFlight.computeIfAbsent(reservation.tenant, t -> ConcurrentHashMap.newKeySet()).add(reservation);
    }

    /** The reservation's record is durable in the ledger (or it was released): it no longer needs putting back. */
    void done(Reservation reservation) {
        Set<Reservation> held = inFlight.get(reservation.tenant);
        if (held != null) {
            held.remove(reservation);
        }
    }

    /** Forgets the known generations (after the counters were rebuilt from the ledger on purpose). */
    void forgetKnown(String tenant) {
        known.remove(tenant);
    }

    private int adopt(CounterStore store, String tenant) {
        Set<Reservation> held = inFlight.getOrDefault(tenant, Set.of());
        int adopted = 0;
        for (Reservation r : held) {
            if (r.store != store) {
                continue; // held in memory while Redis was away: settles there
            }
            Reservation.Held h = r.held();
            if (h.amount() > 0) {
                store.adopt(tenant, h.member(), h.amount(), r.counters, r.expiresAt);
                r.adopted(h);
                adopted++;
            }
        }
        return adopted;
    }

    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    private Object lock(String tenant) {
        return locks.computeIfAbsent(tenant, t -> new Object());
    }

    private static String newId() {
        return UUID.randomUUID().toString().substring(0, 13);
    }
}
