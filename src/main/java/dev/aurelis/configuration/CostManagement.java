package dev.aurelis.configuration;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code cost_management:} budgets, per-user limits, alerts, enforcement and rate limits. Amounts are in
 * {@code pricing_currency}; an absent limit means "no limit". The feature guide's {@code budget_management:} is this
 * section (its {@code department_budgets} are {@code budgets.departments}), and {@code monthly_budget} is
 * {@code budgets.organization.monthly_limit}.
 *
 * @param fiscalYearStartMonth month (1 to 12) in which quarters and annual budgets begin; default 1 (January)
 * @param rateLimits           requests and tokens per minute per key, user and team
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CostManagement(
        boolean enabled,
        @Min(value = 1, message = "must be a month from 1 to 12")
        @Max(value = 12, message = "must be a month from 1 to 12") Integer fiscalYearStartMonth,
        @Valid Budgets budgets,
        @Valid UserLimits userLimits,
        @Valid Alerts alerts,
        @Valid Enforcement enforcement,
        @Valid RateLimits rateLimits) {

    public CostManagement {
        fiscalYearStartMonth = Defaults.orElse(fiscalYearStartMonth, 1);
        budgets = Defaults.orElse(budgets, Budgets.defaults());
        userLimits = Defaults.orElse(userLimits, new UserLimits(null, null, null, null, null, false));
        alerts = Defaults.orElse(alerts, new Alerts(null, null, null, false, null));
        enforcement = Defaults.orElse(enforcement, Enforcement.defaults());
        rateLimits = Defaults.orElse(rateLimits, RateLimits.defaults());
    }

    public static CostManagement defaults() {
        return new CostManagement(false, null, null, null, null, null, null);
    }

    /**
     * Budgets by subject. Each map is keyed by the subject's name: department, team, user e-mail, project, cost
     * center, API key id, or provider (name or type; the budget then counts only spend on that provider).
     *
     * @param departments department name to its budget; each key also declares the department
     * @param allocations the Cortex Code brief's allocation rules ("frontend may spend 1,000 on openai")
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Budgets(
            @Valid Budget organization,
            Map<String, @Valid Budget> departments,
            Map<String, @Valid Budget> teams,
            Map<String, @Valid Budget> users,
            Map<String, @Valid Budget> projects,
            Map<String, @Valid Budget> costCenters,
            Map<String, @Valid Budget> apiKeys,
            Map<String, @Valid Budget> providers,
            List<@NotNull(message = "must not be empty") @Valid Allocation> allocations) {

        public Budgets {
            organization = Defaults.orElse(organization, Budget.defaults());
            departments = Defaults.map(departments, Budget::defaults);
            teams = Defaults.map(teams, Budget::defaults);
            users = Defaults.map(users, Budget::defaults);
            projects = Defaults.map(projects, Budget::defaults);
            costCenters = Defaults.map(costCenters, Budget::defaults);
            apiKeys = Defaults.map(apiKeys, Budget::defaults);
            providers = Defaults.map(providers, Budget::defaults);
            allocations = Defaults.list(allocations);
        }

        public static Budgets defaults() {
            return new Budgets(null, null, null, null, null, null, null, null, null);
        }
    }

    /**
     * A spending budget: one limit per period it names.
     *
     * @param warningThreshold fraction of a limit (0 to 1) at which owners are warned; null leaves the default
     * @param thresholds       fractions at which {@code BudgetThresholdCrossed} is published, e.g. [0.5, 0.8, 1.0];
     *                         overrides {@code warning_threshold}
     * @param hardLimit        whether requests are refused past the limit; null follows {@code enforcement}
     * @param providers        count only spend on these providers (names or types); empty counts all
     * @param downgrade        overrides {@code enforcement.downgrade} for this budget
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Budget(
            @DecimalMin(value = "0", message = "must not be negative") BigDecimal dailyLimit,
            @DecimalMin(value = "0", message = "must not be negative") BigDecimal monthlyLimit,
            @DecimalMin(value = "0", message = "must not be negative") BigDecimal quarterlyLimit,
            @DecimalMin(value = "0", message = "must not be negative") BigDecimal annualLimit,
            @DecimalMin(value = "0", message = "must be between 0 and 1")
            @DecimalMax(value = "1", message = "must be between 0 and 1") BigDecimal warningThreshold,
            List<@NotNull(message = "must be a number") @DecimalMin(value = "0", inclusive = false, message = "must be above 0")
                    @DecimalMax(value = "10", message = "must be at most 10") BigDecimal> thresholds,
            Boolean hardLimit,
            List<@NotBlank(message = "must name a provider") String> providers,
            @Valid Downgrade downgrade) {

        public Budget {
            thresholds = Defaults.list(thresholds);
            providers = Defaults.list(providers);
        }

        public static Budget defaults() {
            return new Budget(null, null, null, null, null, null, null, null, null);
        }

        /** This budget with the daily and monthly limits that are given (an environment's {@code cost_limits}). */
        Budget withLimits(BigDecimal daily, BigDecimal monthly) {
            return new Budget(daily != null ? daily : dailyLimit, monthly != null ? monthly : monthlyLimit,
                    quarterlyLimit, annualLimit, warningThreshold, thresholds, hardLimit, providers, downgrade);
        }
    }

    /**
     * One allocation rule of the Cortex Code brief: a subject may spend {@code budget} per {@code period}, counting
     * only spend on {@code providers} when given. Exactly one of team, department, user, project or cost center.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Allocation(
            String team,
            String department,
            String user,
            String project,
            String costCenter,
            @NotNull(message = "is required") @DecimalMin(value = "0", message = "must not be negative") BigDecimal budget,
            List<@NotBlank(message = "must name a provider") String> providers,
            Period period,
            Boolean hardLimit,
            List<@NotNull(message = "must be a number") @DecimalMin(value = "0", inclusive = false, message = "must be above 0")
                    BigDecimal> thresholds) {

        public Allocation {
            providers = Defaults.list(providers);
            thresholds = Defaults.list(thresholds);
            period = Defaults.orElse(period, Period.MONTHLY);
        }
    }

    /** The period of an allocation rule. */
    public enum Period {
        @JsonProperty("daily") DAILY,
        @JsonProperty("monthly") MONTHLY,
        @JsonProperty("quarterly") QUARTERLY,
        @JsonProperty("annual") @JsonAlias("annually") ANNUAL
    }

    /**
     * Monthly spend per user by role: senior developers, team leads, department managers and administrators get
     * theirs, everyone else the default; {@code manager_unlimited} lifts the limit for department managers.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record UserLimits(
            @DecimalMin(value = "0", message = "must not be negative") BigDecimal defaultMonthly,
            @DecimalMin(value = "0", message = "must not be negative") BigDecimal seniorMonthly,
            @DecimalMin(value = "0", message = "must not be negative") BigDecimal leadMonthly,
            @DecimalMin(value = "0", message = "must not be negative") BigDecimal managerMonthly,
            @DecimalMin(value = "0", message = "must not be negative") BigDecimal adminMonthly,
            boolean managerUnlimited) {
    }

    /**
     * Budget alerts by channel kind (docs/alerting.md): {@code true} sends every crossed threshold to the channels of
     * that kind (a built-in rule, unless {@code alerts.rules} has a budget rule); {@code false} keeps budget alerts off
     * that kind; left out, budget rules of {@code alerts.rules} may use it.
     *
     * @param dashboardEnabled {@code dashboard_alerts}: the console's overview opens with the budgets within the
     *                   viewer's reach that are past a threshold or at their limit
     * @param thresholds default fractions of a budget at which {@code BudgetThresholdCrossed} is published when a
     *                   budget names none; default [0.8] (reaching the limit always counts)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Alerts(
            Boolean emailEnabled,
            Boolean slackEnabled,
            Boolean teamsEnabled,
            boolean dashboardEnabled,
            List<@NotNull(message = "must be a number") @DecimalMin(value = "0", inclusive = false, message = "must be above 0")
                    @DecimalMax(value = "10", message = "must be at most 10") BigDecimal> thresholds) {

        public Alerts {
            thresholds = Defaults.list(thresholds);
        }
    }

    /**
     * @param softLimits        warn and keep serving past a limit (the budget's {@code hard_limit: false})
     * @param hardLimits        refuse requests past a limit; the default of budgets that do not say
     * @param gracePeriod       hours a soft limit may stay exceeded before it hardens (also read as
     *                          {@code grace_period_hours}); left out, a soft limit never hardens
     * @param autoThrottling    slow a spender down as a limit nears
     * @param throttleStart     fraction of a limit from which throttling starts; default 0.8
     * @param throttleRequestsPerMinute requests per minute a subject may send when throttling starts; the rate falls
     *                          linearly to 1 per minute at the limit; default 60
     * @param downgrade         past a threshold, serve a cheaper model instead of refusing
     * @param onRedisFailure    what replicas do while Redis is unreachable; default {@code fail_closed}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Enforcement(
            boolean softLimits,
            boolean hardLimits,
            @JsonAlias("grace_period_hours") @PositiveOrZero(message = "must not be negative") Integer gracePeriod,
            boolean autoThrottling,
            @DecimalMin(value = "0", message = "must be between 0 and 1")
            @DecimalMax(value = "1", message = "must be between 0 and 1") BigDecimal throttleStart,
            @Positive(message = "must be at least 1") Integer throttleRequestsPerMinute,
            @Valid Downgrade downgrade,
            RedisFailureMode onRedisFailure) {

        public Enforcement {
            throttleStart = Defaults.orElse(throttleStart, new BigDecimal("0.8"));
            throttleRequestsPerMinute = Defaults.orElse(throttleRequestsPerMinute, 60);
            onRedisFailure = Defaults.orElse(onRedisFailure, RedisFailureMode.FAIL_CLOSED);
        }

        static Enforcement defaults() {
            return new Enforcement(false, false, null, false, null, null, null, null);
        }

        /** Zero when no grace period is configured; see {@link #gracePeriod()} to tell "none" from 0 hours. */
        public Duration gracePeriodDuration() {
            return gracePeriod == null ? Duration.ZERO : Duration.ofHours(gracePeriod);
        }
    }

    /**
     * Serve a cheaper model once spend passes {@code at} of a budget, or when the requested model no longer fits
     * under a hard limit. {@code models} maps a requested model to its cheaper replacement; {@code to} serves every
     * other model. A replacement is used only if it is cheaper than the requested model.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Downgrade(
            @DecimalMin(value = "0", message = "must be between 0 and 1")
            @DecimalMax(value = "1", message = "must be between 0 and 1") BigDecimal at,
            String to,
            Map<String, String> models) {

        public Downgrade {
            at = Defaults.orElse(at, new BigDecimal("0.9"));
            models = Defaults.strings(models);
        }
    }

    /** What a replica does while Redis is unreachable. */
    public enum RedisFailureMode {
        /** Refuse governed requests until Redis answers again. */
        @JsonProperty("fail_closed") FAIL_CLOSED,
        /** Keep serving: each replica enforces its share of the remaining headroom in memory. */
        @JsonProperty("local_share") LOCAL_SHARE
    }

    /**
     * Rate limits: defaults per key, per user and per team, and overrides for named teams and users.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RateLimits(
            @Valid RateLimit perKey,
            @Valid RateLimit perUser,
            @Valid RateLimit perTeam,
            Map<String, @Valid RateLimit> teams,
            Map<String, @Valid RateLimit> users) {

        public RateLimits {
            teams = Defaults.map(teams, () -> new RateLimit(null, null));
            users = Defaults.map(users, () -> new RateLimit(null, null));
        }

        public static RateLimits defaults() {
            return new RateLimits(null, null, null, null, null);
        }
    }

    /** Requests and tokens (prompt plus output) per minute; null means no limit. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RateLimit(
            @Positive(message = "must be at least 1") Integer requestsPerMinute,
            @Positive(message = "must be at least 1") Integer tokensPerMinute) {
    }
}
