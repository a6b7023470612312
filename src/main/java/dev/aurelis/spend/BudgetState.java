package dev.aurelis.spend;

import java.math.BigDecimal;
import java.util.List;

/**
 * A budget with the rules that apply to it once the enforcement defaults are filled in, and its current period.
 *
 * @param enforcement {@code hard}, {@code soft}, or {@code soft, hardens after N h}
 * @param thresholds  fractions at which crossings are published (reaching the limit always counts)
 */
public record BudgetState(Budget budget, String enforcement, List<BigDecimal> thresholds, Downgrade downgrade,
        BudgetStatus status, String currency) {
}
