package dev.aurelis.console;

import dev.aurelis.access.Permission;
import dev.aurelis.analytics.AdoptionReports;
import dev.aurelis.analytics.AnalyticsSettings;
import dev.aurelis.analytics.ExecutiveReports;
import dev.aurelis.analytics.TeamInsightsReports;
import dev.aurelis.api.ReportReach;
import dev.aurelis.identity.Caller;
import dev.aurelis.spend.LedgerFilter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Reports over the last days: the executive report with ROI and its assumptions, team insights and adoption, each
 * shown only when its {@code analytics.*} setting is on (otherwise the page says which setting turns it on).
 */
@Controller
class ReportsPage {

    private final AnalyticsSettings settings;
    private final ExecutiveReports executive;
    private final TeamInsightsReports teams;
    private final AdoptionReports adoption;
    private final ReportReach reach;
    private final Clock clock;

    ReportsPage(AnalyticsSettings settings, ExecutiveReports executive, TeamInsightsReports teams,
            AdoptionReports adoption, ReportReach reach, Optional<Clock> clock) {
        this.settings = settings;
        this.executive = executive;
        this.teams = teams;
        this.adoption = adoption;
        this.reach = reach;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @GetMapping("/console/reports")
    String reports(@RequestParam(defaultValue = "30") int days, Model model) {
        Caller caller = ConsoleModel.require("/console/reports");
        if (days < 1 || days > 366) {
            throw new IllegalArgumentException("'days' must be between 1 and 366.");
        }
        AnalyticsSettings.Policy policy = settings.policy();
        String tenant = caller.tenantId().value();
        Instant to = clock.instant();
        Instant from = to.minus(Duration.ofDays(days));
        LedgerFilter reports = filter(caller, Permission.REPORTS_VIEW);
        LedgerFilter usage = filter(caller, Permission.USAGE_READ);
        model.addAttribute("days", days);
        model.addAttribute("enabled", policy.enabled());
        if (!policy.enabled()) {
            return "console/reports";
        }
        if (policy.executiveReports()) {
            model.addAttribute("executive", executive.report(tenant, from, to, reports, reach.seats(caller, null),
                    reach.teams(caller, Permission.REPORTS_VIEW),
                    ExecutiveReports.Parts.of(policy)));
        }
        boolean reads = caller.has(Permission.USAGE_READ);
        if (policy.teamInsights() && reads) {
            model.addAttribute("insights", teams.insights(tenant, from, to, usage, reach.teams(caller, Permission.USAGE_READ),
                    policy.productivityMetrics(), policy.groups().survey()));
        }
        if (policy.userBehaviorAnalysis() && reads) {
            model.addAttribute("adoption", adoption.adoption(tenant, from, to, usage, reach.seats(caller, null)));
        }
        return "console/reports";
    }

    private LedgerFilter filter(Caller caller, String permission) {
        return new LedgerFilter(null, null, null, null, null, null, null, reach.of(caller, permission));
    }
}
