package dev.aurelis.api;

import dev.aurelis.access.Scope;
import dev.aurelis.identity.AdminCallers;
import dev.aurelis.identity.Caller;
import dev.aurelis.spend.CostReport;
import dev.aurelis.spend.CostReports;
import dev.aurelis.spend.UsageQuery;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/reports/cost?period=2026-11&breakdown=team}: a month's cost by a dimension, its projection and
 * suggestions; as JSON, or as CSV with {@code format=csv} or {@code Accept: text/csv}. Limited to what the caller's
 * {@code reports:view} reaches: a department manager's report covers their departments (with sub-departments), a
 * team lead's their teams.
 */
@RestController
class CostReportController {

    static final String PERMISSION = "reports:view";

    private static final MediaType CSV = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);

    private final CostReports reports;

    CostReportController(CostReports reports) {
        this.reports = reports;
    }

    @GetMapping("/api/v1/reports/cost")
    ResponseEntity<?> cost(@RequestParam(required = false) String period, @RequestParam(required = false) String breakdown,
            @RequestParam(required = false) String format, @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        boolean csv = "csv".equalsIgnoreCase(format) || (format == null && accept != null && accept.contains("text/csv"));
        if (format != null && !csv && !"json".equalsIgnoreCase(format)) {
            throw new IllegalArgumentException("'format' must be json or csv.");
        }
        Caller caller = AdminCallers.current();
        Scope scope = caller.scopeOf(PERMISSION);
        UsageQuery.Within within = scope.organization() ? null
                : new UsageQuery.Within(scope.departments(), scope.teams(), scope.self());
        CostReport report = reports.report(caller.tenantId().value(), period, breakdown, within);
        if (csv) {
            return ResponseEntity.ok().contentType(CSV)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"cost-" + report.period() + "-"
                            + report.breakdown() + ".csv\"")
                    .body(CostReports.csv(report));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
    }
}
