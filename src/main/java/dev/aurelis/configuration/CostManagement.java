package dev.aurelis.configuration;

import com.fasterxml.jackson.annotation.JsonAlias;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.PositiveOrZero;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/**
 * {@code cost_management:} budgets, per-user limits, alerts and enforcement. Amounts are in {@code pricing_currency};
 * an absent limit means "no limit".
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CostManagement(
        boolean enabled,
        @Valid Budgets budgets,
        @Valid UserLimits userLimits,
        @Valid Alerts alerts,
        @Valid Enforcement enforcement) {

    public CostManagement {
        budgets = Defaults.orElse(budgets, Budgets.defaults());
        userLimits = Defaults.orElse(userLimits, new UserLimits(null, null, null, false));
        alerts = Defaults.orElse(alerts, new Alerts(false, false, false));
        enforcement = Defaults.orElse(enforcement, new Enforcement(false, false, null, false));
    }

    public static CostManagement defaults() {
        return new CostManagement(false, null, null, null, null);
    }

    /** @param departments department name to its budget; each key also declares the department */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Budgets(@Valid Budget organization, Map<String, @Valid Budget> departments) {

        public Budgets {
            organization = Defaults.orElse(organization, Budget.defaults());
            departments = Defaults.map(departments, Budget::defaults);
        }

        public static Budgets defaults() {
            return new Budgets(null, null);
        }
    }

    /**
     * A spending budget.
     *
     * @param warningThreshold fraction of a limit (0 to 1) at which owners are warned; null leaves the default
     * @param hardLimit        whether requests are refused past the limit; null follows {@code enforcement.hard_limits}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Budget(
            @DecimalMin(value = "0", message = "must not be negative") BigDecimal monthlyLimit,
            @DecimalMin(value = "0", message = "must not be negative") BigDecimal quarterlyLimit,
            @DecimalMin(value = "0", message = "must not be negative") BigDecimal annualLimit,
            @DecimalMin(value = "0", message = "must be between 0 and 1")
            @DecimalMax(value = "1", message = "must be between 0 and 1") BigDecimal warningThreshold,
            Boolean hardLimit) {

        public static Budget defaults() {
            return new Budget(null, null, null, null, null);
        }
    }

    /** Monthly spend per user by seniority; {@code manager_unlimited} lifts the limit for department managers. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record UserLimits(
            @DecimalMin(value = "0", message = "must not be negative") BigDecimal defaultMonthly,
            @DecimalMin(value = "0", message = "must not be negative") BigDecimal seniorMonthly,
            @DecimalMin(value = "0", message = "must not be negative") BigDecimal leadMonthly,
            boolean managerUnlimited) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Alerts(boolean emailEnabled, boolean slackEnabled, boolean teamsEnabled) {
    }

    /**
     * @param softLimits    warn and keep serving past a limit
     * @param hardLimits    refuse requests past a limit
     * @param gracePeriod   hours a hard limit is deferred after it is first crossed (also read as
     *                      {@code grace_period_hours})
     * @param autoThrottling slow a spender down as the limit nears
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Enforcement(
            boolean softLimits,
            boolean hardLimits,
            @JsonAlias("grace_period_hours") @PositiveOrZero(message = "must not be negative") Integer gracePeriod,
            boolean autoThrottling) {

        public Duration gracePeriodDuration() {
            return gracePeriod == null ? Duration.ZERO : Duration.ofHours(gracePeriod);
        }
    }
}
