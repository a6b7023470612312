package dev.aurelis.compliance.web;

import dev.aurelis.compliance.ComplianceReport;
import dev.aurelis.compliance.ComplianceReports;
import dev.aurelis.compliance.ComplianceSettings;
import dev.aurelis.identity.AdminCallers;
import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/compliance/report?framework=SOC2&period=2026-Q4}: the framework's controls evaluated for the
 * caller's organisation, as JSON, or as a printable HTML page with {@code format=html} or {@code Accept: text/html}.
 * Requires {@code audit:read}; answers only when {@code compliance.compliance_reporting} is on.
 */
@RestController
class ComplianceController {

    private final ComplianceReports reports;
    private final ComplianceSettings settings;

    ComplianceController(ComplianceReports reports, ComplianceSettings settings) {
        this.reports = reports;
        this.settings = settings;
    }

    @GetMapping("/api/v1/compliance/report")
    ResponseEntity<?> report(@RequestParam(required = false) String framework,
            @RequestParam(required = false) String period, @RequestParam(required = false) String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        if (!settings.reporting()) {
            throw new NoSuchElementException("Compliance reports are switched off: set compliance.compliance_reporting: "
                    + "true in the configuration");
        }
        boolean html = "html".equalsIgnoreCase(format)
                || (format == null && accept != null && accept.contains(MediaType.TEXT_HTML_VALUE));
        if (format != null && !html && !"json".equalsIgnoreCase(format)) {
            throw new IllegalArgumentException("format must be json or html");
        }
        ComplianceReport report = reports.report(AdminCallers.current().tenantId(), framework, period);
        if (html) {
            return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                    .body(ReportPage.html(report));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
    }
}
