package dev.aurelis.console;

import dev.aurelis.spend.LedgerFeed;
import dev.aurelis.tenancy.TenantId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** What the ledger charged for the gateway exchanges of workflow runs, read once for a whole page. */
@Component
class RunCosts {

    private final LedgerFeed ledger;

    RunCosts(LedgerFeed ledger) {
        this.ledger = ledger;
    }

    /** The ledger's charges of the exchanges named, by request id; read from {@code since} on. */
    Priced of(TenantId tenant, Collection<String> requestIds, Instant since) {
        Map<String, List<LedgerFeed.ExchangeCost>> byRequest = new HashMap<>(ledger.costs(tenant, requestIds, since)
                .stream().collect(Collectors.groupingBy(LedgerFeed.ExchangeCost::requestId)));
        return new Priced(byRequest);
    }

    /** Charges by request id; sums them for a run or a step. */
    record Priced(Map<String, List<LedgerFeed.ExchangeCost>> byRequest) {

        /** "0.0123 USD" (several currencies joined), or "–" when the ledger holds none of them. */
        String total(Collection<String> requestIds) {
            Map<String, BigDecimal> sums = new TreeMap<>();
            for (String id : requestIds) {
                for (LedgerFeed.ExchangeCost c : byRequest.getOrDefault(id, List.of())) {
                    sums.merge(c.currency(), c.cost(), BigDecimal::add);
                }
            }
            if (sums.isEmpty()) {
                return "–";
            }
            return sums.entrySet().stream().map(e -> e.getValue().stripTrailingZeros().toPlainString() + " " + e.getKey())
                    .collect(Collectors.joining(", "));
        }
    }
}
