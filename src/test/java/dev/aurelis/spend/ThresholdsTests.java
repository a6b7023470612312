package dev.aurelis.spend;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Where a budget publishes its crossings, worked out once per list of fractions and limit. */
class ThresholdsTests {

    @Test
    void aBudgetsOwnFractionsSortedWithTheLimitItselfAndTheirAmountsRoundedUp() {
        Budget budget = budget(new BigDecimal("10.000001"), List.of(new BigDecimal("0.50"), new BigDecimal("0.9"),
                new BigDecimal("1.0")));
        Thresholds.Plan plan = Thresholds.of(budget, SpendPolicy.DEFAULT, budget.limit());
        assertThat(plan.fractions()).containsExactly(new BigDecimal("0.5"), new BigDecimal("0.9"), BigDecimal.ONE);
        // 10.000001 x 0.5 = 5.0000005: half a micro more is a whole one
        assertThat(plan.amounts()).containsExactly(5_000_001L, 9_000_001L, 10_000_001L);
    }

    @Test
    void aBudgetWithoutFractionsTakesThePolicysAndTheLimit() {
        Budget budget = budget(new BigDecimal("100"), List.of());
        Thresholds.Plan plan = Thresholds.of(budget, SpendPolicy.DEFAULT, budget.limit());
        assertThat(plan.fractions()).containsExactly(new BigDecimal("0.8"), BigDecimal.ONE);
        assertThat(plan.amounts()).containsExactly(80_000_000L, 100_000_000L);
    }

    @Test
    void equalFractionsAndLimitShareOnePlanAndAnotherLimitGetsItsOwn() {
        List<BigDecimal> fractions = List.of(new BigDecimal("0.25"), new BigDecimal("0.75"));
        Budget one = budget(new BigDecimal("40"), fractions);
        Budget other = budget(new BigDecimal("40"), List.of(new BigDecimal("0.25"), new BigDecimal("0.75")));
        Thresholds.Plan first = Thresholds.of(one, SpendPolicy.DEFAULT, one.limit());
        assertThat(Thresholds.of(other, SpendPolicy.DEFAULT, other.limit())).isSameAs(first);
        Thresholds.Plan larger = Thresholds.of(one, SpendPolicy.DEFAULT, new BigDecimal("80"));
        assertThat(larger).isNotSameAs(first);
        assertThat(larger.amounts()).containsExactly(20_000_000L, 60_000_000L, 80_000_000L);
    }

    private static Budget budget(BigDecimal limit, List<BigDecimal> thresholds) {
        return new Budget(UUID.randomUUID(), "acme", BudgetScope.TEAM, "platform", Set.of(), BudgetPeriod.MONTHLY, limit,
                thresholds, null, null, Budget.FROM_API);
    }
}
