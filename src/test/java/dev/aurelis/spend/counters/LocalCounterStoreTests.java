package dev.aurelis.spend.counters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalCounterStoreTests extends CounterStoreContract {

    private LocalCounters store;

    @BeforeEach
    void freshStore() {
        store = new LocalCounters(1);
    }

    @Override
    CounterStore store() {
        return store;
    }

    @Test
    void aReplicaOnItsShareEnforcesItsPartOfTheHeadroomLeft() {
        LocalCounters share = new LocalCounters(4);
        share.beginSeeding(tenant, seedKey, FAR);
        share.finishSeeding(tenant, seedKey, 0, Map.of(key, 60L), Map.of(), FAR);
        CounterStore.Counter hard = counter(100, CounterStore.HARD);

        // 40 left, four replicas: this one may hold 10 more.
        assertThat(share.reserve(new CounterStore.ReserveOp(tenant, "a", T0, FAR, 10, List.of(hard), List.of(), false))
                .status()).isEqualTo(CounterStore.Status.ADMITTED);
        assertThat(share.reserve(new CounterStore.ReserveOp(tenant, "b", T0, FAR, 1, List.of(hard), List.of(), false))
                .status()).isEqualTo(CounterStore.Status.OVER_BUDGET);
    }
}
