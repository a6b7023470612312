package dev.aurelis.spend;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Spend on a budget reached {@code threshold} (a fraction of {@code limit}) for the first time in the period
 * {@code periodKey}. Published once per budget, subject, period and threshold, on whichever replica settled the
 * exchange that crossed it.
 */
public record BudgetThresholdCrossed(UUID id, String tenantId, UUID budgetId, String scope, String subject,
        String period, String periodKey, BigDecimal threshold, BigDecimal limit, BigDecimal spent, String currency,
        String description, Instant occurredAt) {
}
