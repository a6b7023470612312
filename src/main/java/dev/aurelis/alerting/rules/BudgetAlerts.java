package dev.aurelis.alerting.rules;

import dev.aurelis.spend.BudgetThresholdCrossed;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.scheduling.annotation.Async;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.stereotype.Component;

/**
 * Turns each {@link BudgetThresholdCrossed} into a pending episode of every budget rule whose condition the crossing
 * meets, grouped by the budget's subject ({@code team=payments}); the evaluator fires it once the rule's duration has
 * passed and resolves it when the budget's period ends. Idempotent: a crossing seen twice opens one episode.
 */
@Component
class BudgetAlerts {

    private final RuleBook rules;
    private final AlertStore store;
    private final Episodes episodes;

    BudgetAlerts(RuleBook rules, AlertStore store, Episodes episodes) {
        this.rules = rules;
        this.store = store;
        this.episodes = episodes;
    }

    /**
     * Heard once the crossing is committed, on a thread of its own; the event publication registry keeps the event
     * until this returns, so a crash before then delivers it again at the next start. Not an
     * {@code @ApplicationModuleListener}: that opens its transaction before the tenant is known, and row-level security
     * then shows it nothing; each store call here acts for the event's tenant instead.
     */
    @Async
    @TransactionalEventListener
    void on(BudgetThresholdCrossed crossed) {
        TenantContext.run(TenantId.of(crossed.tenantId()), () -> handle(crossed));
    }

    private void handle(BudgetThresholdCrossed crossed) {
        TenantId tenant = TenantId.of(crossed.tenantId());
        String group = group(crossed.scope(), crossed.subject());
        double spent = crossed.spent().doubleValue();
        double limit = crossed.limit().doubleValue();
        for (RuleDefinition rule : rules.rules()) {
            if (rule.kind() != RuleDefinition.Kind.BUDGET) {
                continue;
            }
            Optional<Expression.Outcome> outcome = rule.condition().evaluate(name -> switch (name) {
                case Signals.MONTHLY_SPEND, Signals.SPEND -> Optional.of(spent);
                case Signals.BUDGET -> Optional.of(limit);
                case Signals.BUDGET_USED -> Optional.of(limit == 0 ? 1.0 : spent / limit);
                default -> Optional.empty();
            });
            if (outcome.isEmpty() || !outcome.get().holds()) {
                continue;
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("budget_id", crossed.budgetId().toString());
            details.put("period_key", crossed.periodKey());
            details.put("budget", crossed.description());
            details.put("threshold", crossed.threshold().movePointRight(2).stripTrailingZeros().toPlainString() + "%");
            String summary = crossed.description() + " reached "
                    + crossed.threshold().movePointRight(2).stripTrailingZeros().toPlainString() + "% of its "
                    + crossed.period() + " budget: " + crossed.spent().setScale(2, RoundingMode.HALF_UP).toPlainString()
                    + " of " + crossed.limit().stripTrailingZeros().toPlainString() + " " + crossed.currency();
            Optional<dev.aurelis.alerting.Alert> open = store.open(tenant, rule.name(), group);
            if (open.isPresent() && !String.valueOf(open.get().details().get("period_key")).equals(crossed.periodKey())) {
                episodes.end(tenant, rule, open.get(), crossed.occurredAt()); // last period's episode is over
            }
            store.startPending(tenant, rule.name(), group, rule.severity(), summary, BigDecimal.valueOf(spent),
                    crossed.occurredAt(), details);
        }
    }

    static String group(String scope, String subject) {
        if (scope == null || scope.equalsIgnoreCase("organization") || subject == null || subject.isBlank()) {
            return "organization";
        }
        return scope.toLowerCase(java.util.Locale.ROOT) + "=" + subject;
    }
}
