package dev.aurelis.api;

import dev.aurelis.analytics.CostReport;
import dev.aurelis.analytics.CostReports;
import dev.aurelis.identity.AdminCallers;
import dev.aurelis.identity.Caller;
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

    private final CostReports reports;
    private final ReportReach reach;

    CostReportController(CostReports reports, ReportReach reach) {
        this.reports = reports;
        this.reach = reach;
    }

    @GetMapping("/api/v1/reports/cost")
    ResponseEntity<?> cost(@RequestParam(required = false) String period, @RequestParam(required = false) String breakdown,
            @RequestParam(required = false) String format, @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        boolean csv = ReportFormat.wantsCsv(format, accept);
        Caller caller = AdminCallers.current();
        CostReport report = reports.report(caller.tenantId().value(), period, breakdown, reach.of(caller, PERMISSION));
        if (csv) {
            return ReportFormat.csv("cost-" + report.period() + "-" + report.breakdown(), CostReports.csv(report));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
    }
}
