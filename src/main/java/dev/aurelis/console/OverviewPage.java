package dev.aurelis.console;

import dev.aurelis.access.Permission;
import dev.aurelis.analytics.UsageMetrics;
import dev.aurelis.analytics.UsageMetricsReports;
import dev.aurelis.api.ReportReach;
import dev.aurelis.configuration.ActiveConfiguration;
import dev.aurelis.identity.Caller;
import dev.aurelis.spend.LedgerFilter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The overview: today's requests, spend, errors, latency and active users, the budgets within reach (those past a
 * threshold first, as alerts, when {@code cost_management.alerts.dashboard_alerts} is on), and charts of the last days, over the usage the caller's {@code usage:read} reaches (a team lead sees their team's).
 */
@Controller
class OverviewPage {

    private final UsageMetricsReports metrics;
    private final ReportReach reach;
    private final VisibleBudgets budgets;
    private final Charts charts;
    private final ActiveConfiguration configuration;
    private final Clock clock;

    OverviewPage(UsageMetricsReports metrics, ReportReach reach, VisibleBudgets budgets, Charts charts,
            ActiveConfiguration configuration, Optional<Clock> clock) {
        this.metrics = metrics;
        this.reach = reach;
        this.budgets = budgets;
        this.charts = charts;
        this.configuration = configuration;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** A budget past one of its thresholds, as the overview's alert says it. */
    record BudgetAlert(String budget, String message, boolean exhausted) {

        static Optional<BudgetAlert> of(VisibleBudgets.Row row) {
            if (row.used() == null || row.level().equals("ok")) {
                return Optional.empty();
            }
            String limit = row.budget().limit().toPlainString() + " " + row.state().currency();
            if (row.level().equals("bad")) {
                return Optional.of(new BudgetAlert(row.budget().describe(), row.spent().toPlainString() + " of " + limit
                        + " spent: the limit is reached", true));
            }
            BigDecimal passed = row.state().thresholds().stream().filter(t -> row.used().compareTo(t) >= 0)
                    .max(Comparator.naturalOrder()).orElseThrow();
            return Optional.of(new BudgetAlert(row.budget().describe(), percent(row.used()) + " of " + limit
                    + " used, past its " + percent(passed) + " threshold", false));
        }

        private static String percent(BigDecimal share) {
            return share.movePointRight(2).setScale(0, RoundingMode.DOWN).toPlainString() + "%";
        }
    }

    @GetMapping("/console")
    String overview(@RequestParam(defaultValue = "14") int days, Model model) {
        Caller caller = ConsoleModel.require("/console");
        if (days < 1 || days > 366) {
            throw new IllegalArgumentException("'days' must be between 1 and 366.");
        }
        String tenant = caller.tenantId().value();
        LedgerFilter filter = new LedgerFilter(null, null, null, null, null, null, null,
                reach.of(caller, Permission.USAGE_READ));
        ZoneId zone = metrics.zoneOf(tenant);
        Instant now = clock.instant();
        LocalDate today = now.atZone(zone).toLocalDate();
        UsageMetrics todays = metrics.metrics(tenant, today.atStartOfDay(zone).toInstant(), null, filter);
        UsageMetrics recent = metrics.metrics(tenant, today.minusDays(days - 1L).atStartOfDay(zone).toInstant(), null, filter);

        model.addAttribute("days", days);
        model.addAttribute("today", todays);
        model.addAttribute("recent", recent);
        List<VisibleBudgets.Row> visible = budgets.of(caller);
        model.addAttribute("budgets", visible);
        // cost_management.alerts.dashboard_alerts: the budgets past a threshold head the overview
        model.addAttribute("budgetAlerts", configuration.config().costManagement().alerts().dashboardEnabled()
                ? visible.stream().flatMap(row -> BudgetAlert.of(row).stream()).toList() : List.of());
        model.addAttribute("requestsChart", charts.daily("requests", recent).json());
        model.addAttribute("spendChart", charts.daily("spend", recent).json());
        model.addAttribute("latencyChart", charts.daily("latency", recent).json());
        model.addAttribute("usersChart", charts.daily("active_users", recent).json());
        return "console/overview";
    }
}
