package dev.aurelis.api;

import dev.aurelis.access.Permission;
import dev.aurelis.analytics.UsageQuery;
import dev.aurelis.analytics.UsageReport;
import dev.aurelis.analytics.UsageReports;
import dev.aurelis.identity.AdminCallers;
import dev.aurelis.identity.Caller;
import dev.aurelis.identity.Durations;
import dev.aurelis.spend.LedgerFilter;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/usage}: ledger records, grouped sums and totals for the caller's organisation, limited to
 * what the caller's {@code usage:read} reaches (a department manager their departments and those below them, a team
 * lead their teams, a reviewer their own calls). Days and months are those of the organisation's time zone.
 */
@RestController
class UsageController {

    private static final int MAX_LIMIT = 1000;

    private final UsageReports reports;
    private final ReportReach reach;

    UsageController(UsageReports reports, ReportReach reach) {
        this.reports = reports;
        this.reach = reach;
    }

    @GetMapping("/api/v1/usage")
    UsageReport usage(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String user, @RequestParam(required = false) String team,
            @RequestParam(required = false) String department,
            @RequestParam(name = "cost_center", required = false) String costCenter,
            @RequestParam(required = false) String project, @RequestParam(required = false) String model,
            @RequestParam(name = "request_id", required = false) String requestId,
            @RequestParam(name = "group_by", required = false) String groupBy,
            @RequestParam(defaultValue = "100") int limit) {
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("'limit' must be between 0 and " + MAX_LIMIT + ".");
        }
        Instant fromInstant = from == null || from.isBlank() ? null : Durations.parseInstant(from);
        Instant toInstant = to == null || to.isBlank() ? null : Durations.parseInstant(to);
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            throw new IllegalArgumentException("'from' must be before 'to'.");
        }
        List<String> dimensions = groupBy == null || groupBy.isBlank() ? List.of()
                : Arrays.stream(groupBy.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        UsageReports.keys(dimensions);
        Caller caller = AdminCallers.current();
        LedgerFilter filter = new LedgerFilter(user, team, department, costCenter, project, model, requestId,
                reach.of(caller, Permission.USAGE_READ));
        return reports.query(new UsageQuery(caller.tenantId().value(), fromInstant, toInstant, filter, dimensions, limit));
    }
}
