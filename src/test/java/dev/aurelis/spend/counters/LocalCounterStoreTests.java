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

    @Test
    void reservationsExpireInTheirOwnOrderWhateverOrderTheyWereMadeIn() {
        seeded(0);
        CounterStore.Counter soft = counter(1_000, CounterStore.SOFT);
        store.reserve(new CounterStore.ReserveOp(tenant, "late", T0, T0 + 300, 1, List.of(soft), List.of(), false));
        store.reserve(new CounterStore.ReserveOp(tenant, "early", T0, T0 + 100, 10, List.of(soft), List.of(), false));
        store.reserve(new CounterStore.ReserveOp(tenant, "middle", T0, T0 + 200, 100, List.of(soft), List.of(), false));
        settle("middle", T0, 100, 0, soft);

        reserve("probe", T0 + 250, 1_000, soft);

        // "early" expired, "middle" was settled, "late" still holds; and the probe itself
        assertThat(reserved()).isEqualTo(1 + 1_000);
    }

    @Test
    void tenantsCountApart() {
        seeded(0);
        CounterStore.Counter hard = counter(100, CounterStore.HARD);
        String other = tenant + "-other";
        store.beginSeeding(other, seedKey, FAR);
        store.finishSeeding(other, seedKey, 0, Map.of(key, 100L), Map.of(), FAR);

        assertThat(store.reserve(new CounterStore.ReserveOp(other, "o", T0, FAR, 1, List.of(hard), List.of(), false))
                .status()).isEqualTo(CounterStore.Status.OVER_BUDGET);
        assertThat(reserve("t", T0, 100, hard).status()).isEqualTo(CounterStore.Status.ADMITTED);
        store.forget(other);
        assertThat(spent()).isZero();
        assertThat(reserved()).isEqualTo(100);
    }
}
