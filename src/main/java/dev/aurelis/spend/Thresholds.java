package dev.aurelis.spend;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a budget publishes its crossings: the fractions of its limit (its own, else the policy's, and always the
 * limit itself), sorted, and the amounts they come to. Every reservation of every exchange needs them for each budget
 * it counts against, and they change only with the budget, so each list and limit is worked out once. The arrays are
 * shared: read them, never write them.
 */
final class Thresholds {

    /** The fractions, ascending and distinct, and each one's amount in micros (rounded up). */
    record Plan(BigDecimal[] fractions, long[] amounts) {
    }

    private record Key(List<BigDecimal> named, BigDecimal limit) {
    }

    /** Budgets and policies in use at once are few; a bound keeps a long-running gateway from holding old ones. */
    private static final Cache<Key, Plan> PLANS = Caffeine.newBuilder().maximumSize(1_024).build();

    private Thresholds() {
    }

    static Plan of(Budget budget, SpendPolicy policy, BigDecimal limit) {
        List<BigDecimal> named = budget != null && !budget.thresholds().isEmpty() ? budget.thresholds()
                : policy.defaultThresholds();
        return PLANS.get(new Key(named, limit), key -> plan(key.named(), key.limit()));
    }

    private static Plan plan(List<BigDecimal> named, BigDecimal limit) {
        List<BigDecimal> fractions = new ArrayList<>(named);
        fractions.add(BigDecimal.ONE);
        BigDecimal[] sorted = fractions.stream().map(BigDecimal::stripTrailingZeros).distinct().sorted()
                .toArray(BigDecimal[]::new);
        long[] amounts = new long[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            amounts[i] = Money.microsUp(limit.multiply(sorted[i]));
        }
        return new Plan(sorted, amounts);
    }
}
