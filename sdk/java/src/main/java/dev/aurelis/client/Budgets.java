package dev.aurelis.client;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code /api/v1/budgets}: budgets with their current spend, and the thresholds they crossed. */
public final class Budgets {

    private static final String PATH = "/api/v1/budgets";

    private final Transport transport;

    Budgets(Transport transport) {
        this.transport = transport;
    }

    /**
     * A budget to create, or to update when one exists for the same scope, subject, period and providers.
     *
     * @param scope      {@code organization}, {@code department}, {@code team}, {@code user}, {@code api_key},
     *                   {@code project} or {@code cost_center}
     * @param subject    who the budget is for in that scope (a team's name, a user's e-mail…); null for the organisation
     * @param period     {@code daily}, {@code weekly}, {@code monthly}, {@code quarterly} or {@code yearly}
     * @param thresholds fractions of the limit that raise an event, e.g. 0.8
     */
    public record NewBudget(String scope, String subject, String period, BigDecimal limit, List<String> providers,
            List<BigDecimal> thresholds, Boolean hardLimit, Downgrade downgrade) {

        public static NewBudget of(String scope, String subject, String period, BigDecimal limit) {
            return new NewBudget(scope, subject, period, limit, null, null, null, null);
        }

        public NewBudget withThresholds(BigDecimal... fractions) {
            return new NewBudget(scope, subject, period, limit, providers, List.of(fractions), hardLimit, downgrade);
        }

        public NewBudget hard(boolean hard) {
            return new NewBudget(scope, subject, period, limit, providers, thresholds, hard, downgrade);
        }

        public NewBudget onProviders(String... names) {
            return new NewBudget(scope, subject, period, limit, List.of(names), thresholds, hardLimit, downgrade);
        }

        public NewBudget downgradingAt(Downgrade downgrade) {
            return new NewBudget(scope, subject, period, limit, providers, thresholds, hardLimit, downgrade);
        }
    }

    /** From {@code at} (a fraction of the limit) requests go to {@code to}, or per model as {@code models} says. */
    public record Downgrade(BigDecimal at, String to, Map<String, String> models) {
    }

    public record Budget(UUID id, String scope, String subject, List<String> providers, String period,
            BigDecimal limit, String currency, String enforcement, boolean hardLimit, List<BigDecimal> thresholds,
            Downgrade downgrade, String source, String description, Current current) {
    }

    /** The current period: spent and reserved so far ({@code spent} null when the spend is not known right now). */
    public record Current(String period, OffsetDateTime from, OffsetDateTime resetsAt, BigDecimal spent,
            BigDecimal reserved, BigDecimal remaining, BigDecimal used, Instant exceededAt) {
    }

    /** The per-user defaults of {@code budgets.user_limits}, when configured. */
    public record UserLimits(BigDecimal defaultMonthly, BigDecimal seniorMonthly, BigDecimal leadMonthly,
            Boolean managerUnlimited) {
    }

    public record BudgetList(List<Budget> budgets, UserLimits userLimits) {
    }

    public record ThresholdCrossed(UUID id, String type, UUID budgetId, String scope, String subject, String period,
            String periodKey, BigDecimal threshold, BigDecimal limit, BigDecimal spent, String currency,
            String description, Instant occurredAt) {
    }

    private record Events(List<ThresholdCrossed> events) {
    }

    public BudgetList list() {
        return transport.get(PATH, Query.of(), BudgetList.class);
    }

    public Budget get(UUID id) {
        return transport.get(PATH + "/" + id, Query.of(), Budget.class);
    }

    public Budget save(NewBudget budget) {
        return transport.json("POST", PATH, Query.of(), budget, Budget.class);
    }

    public void delete(UUID id) {
        transport.json("DELETE", PATH + "/" + id, Query.of(), null, Void.class);
    }

    /**
     * Thresholds crossed since {@code since} (a date, an instant, or how long ago: {@code 24h}, {@code 7d}; null for
     * all), newest first, at most {@code limit} (1 to 1000; null for 100).
     */
    public List<ThresholdCrossed> events(String since, Integer limit) {
        return transport.get(PATH + "/events", Query.of().with("since", since).with("limit", limit), Events.class)
                .events();
    }
}
