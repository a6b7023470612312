package dev.aurelis.console;

import dev.aurelis.access.Permission;
import dev.aurelis.analytics.UsageMetricsReports;
import dev.aurelis.analytics.UsageQuery;
import dev.aurelis.analytics.UsageReport;
import dev.aurelis.analytics.UsageReports;
import dev.aurelis.api.ReportReach;
import dev.aurelis.identity.Caller;
import dev.aurelis.spend.LedgerFilter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The usage and cost explorer: filters (dates of the organisation's time zone, team, user, model), a breakdown,
 * a chart of the largest groups and a CSV export of the same answer. The filters are applied without a reload
 * (htmx swaps the results); the page works without script too. The caller's {@code usage:read} reach always
 * applies on top of the filters.
 */
@Controller
class UsagePage {

    /** What the explorer breaks usage down by. */
    static final List<String> BREAKDOWNS = List.of("team", "user", "model", "provider", "client_tool", "department",
            "project", "task", "status", "error_type", "day", "week", "month");

    private final UsageReports reports;
    private final UsageMetricsReports metrics;
    private final ReportReach reach;
    private final Charts charts;
    private final Clock clock;

    UsagePage(UsageReports reports, UsageMetricsReports metrics, ReportReach reach, Charts charts, Optional<Clock> clock) {
        this.reports = reports;
        this.metrics = metrics;
        this.reach = reach;
        this.charts = charts;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** The explorer's filters as the form sends them. */
    record Filters(String from, String to, String team, String user, String model, String by) {

        Filters {
            by = by == null || by.isBlank() ? "team" : by.strip();
            if (!BREAKDOWNS.contains(by)) {
                throw new IllegalArgumentException("Cannot break usage down by '" + by + "'; use one of "
                        + String.join(", ", BREAKDOWNS) + ".");
            }
        }

        String query() {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("from", from);
            fields.put("to", to);
            fields.put("team", team);
            fields.put("user", user);
            fields.put("model", model);
            fields.put("by", by);
            StringBuilder q = new StringBuilder();
            fields.forEach((k, v) -> {
                if (v != null && !v.isBlank()) {
                    q.append(q.isEmpty() ? "" : "&").append(k).append('=')
                            .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8));
                }
            });
            return q.toString();
        }
    }

    @GetMapping("/console/usage")
    String page(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String team, @RequestParam(required = false) String user,
            @RequestParam(required = false) String model, @RequestParam(required = false) String by,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model view) {
        Caller caller = ConsoleModel.require("/console/usage");
        Filters filters = defaults(caller, new Filters(from, to, team, user, model, by));
        UsageReport report = query(caller, filters);
        view.addAttribute("filters", filters);
        view.addAttribute("breakdowns", BREAKDOWNS);
        view.addAttribute("report", report);
        view.addAttribute("csv", "/console/usage.csv?" + filters.query());
        List<UsageReport.Group> top = report.groups().stream().limit(12).toList();
        Map<String, Function<UsageReport.Group, Number>> measures = new LinkedHashMap<>();
        measures.put("Cost (" + report.currency() + ")", g -> g.totals().cost());
        view.addAttribute("chart", charts.of("bar", top, g -> String.valueOf(g.key().get(filters.by())), measures));
        // htmx asks for the results only; a plain request gets the whole page
        return "true".equals(htmx) ? "console/usage :: results" : "console/usage";
    }

    @GetMapping(value = "/console/usage.csv")
    ResponseEntity<String> csv(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String team, @RequestParam(required = false) String user,
            @RequestParam(required = false) String model, @RequestParam(required = false) String by) {
        Caller caller = ConsoleModel.require("/console/usage");
        Filters filters = defaults(caller, new Filters(from, to, team, user, model, by));
        UsageReport report = query(caller, filters);
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header("Content-Disposition", ContentDisposition.attachment()
                        .filename("aurelis-usage-" + filters.from() + "-" + filters.to() + ".csv").build().toString())
                .body(UsageReports.csv(report, filters.by()));
    }

    /** Without dates: the last 30 days up to today, in the organisation's time zone. */
    private Filters defaults(Caller caller, Filters f) {
        ZoneId zone = metrics.zoneOf(caller.tenantId().value());
        LocalDate today = clock.instant().atZone(zone).toLocalDate();
        String from = f.from() == null || f.from().isBlank() ? today.minusDays(29).toString() : f.from();
        String to = f.to() == null || f.to().isBlank() ? today.toString() : f.to();
        return new Filters(from, to, f.team(), f.user(), f.model(), f.by());
    }

    private UsageReport query(Caller caller, Filters f) {
        ZoneId zone = metrics.zoneOf(caller.tenantId().value());
        LocalDate from = LocalDate.parse(f.from());
        LocalDate to = LocalDate.parse(f.to());
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("'to' must not be before 'from'.");
        }
        LedgerFilter filter = new LedgerFilter(blankToNull(f.user()), blankToNull(f.team()), null, null, null,
                blankToNull(f.model()), null, reach.of(caller, Permission.USAGE_READ));
        return reports.query(new UsageQuery(caller.tenantId().value(), from.atStartOfDay(zone).toInstant(),
                to.plusDays(1).atStartOfDay(zone).toInstant(), filter, List.of(f.by()), 0));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
