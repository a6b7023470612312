package dev.aurelis.spend;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A budget's current period: its bounds, what is spent and what requests in flight hold. Spent and reserved are
 * null when the counters cannot be read (Redis unreachable).
 *
 * @param exceededAt when spend first reached the limit in this period (a soft limit's grace period starts then)
 */
public record BudgetStatus(String periodKey, OffsetDateTime periodStart, OffsetDateTime resetsAt, BigDecimal spent,
        BigDecimal reserved, Instant exceededAt) {
}
