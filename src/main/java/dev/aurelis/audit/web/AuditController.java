package dev.aurelis.audit.web;

import dev.aurelis.audit.AuditEntry;
import dev.aurelis.audit.AuditFormats;
import dev.aurelis.audit.AuditPage;
import dev.aurelis.audit.AuditQuery;
import dev.aurelis.audit.AuditSettings;
import dev.aurelis.audit.AuditTrail;
import dev.aurelis.audit.Cursors;
import dev.aurelis.audit.Verification;
import dev.aurelis.identity.AdminCallers;
import dev.aurelis.tenancy.TenantId;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/audit} (filters, cursor paging), {@code GET /api/v1/audit/export} (JSON lines, CSV, Splunk HEC
 * event JSON) and {@code GET /api/v1/audit/verify}; all require {@code audit:read} and act for the caller's tenant.
 */
@RestController
class AuditController {

    private final AuditTrail trail;
    private final AuditSettings settings;

    AuditController(AuditTrail trail, AuditSettings settings) {
        this.trail = trail;
        this.settings = settings;
    }

    @GetMapping("/api/v1/audit")
    Map<String, Object> read(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String actor, @RequestParam(required = false) String category,
            @RequestParam(required = false) String action, @RequestParam(required = false) String target,
            @RequestParam(required = false) String outcome, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) String order, @RequestParam(defaultValue = "100") int limit) {
        boolean newestFirst = order == null || order.equalsIgnoreCase("desc");
        if (order != null && !order.equalsIgnoreCase("desc") && !order.equalsIgnoreCase("asc")) {
            throw new IllegalArgumentException("order must be asc or desc");
        }
        AuditQuery query = new AuditQuery(time("from", from), time("to", to), actor, category, action, target, outcome,
                cursor == null ? null : Cursors.seq(cursor), newestFirst);
        AuditPage page = trail.read(tenant(), query, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entries", page.entries().stream().map(AuditFormats::map).toList());
        body.put("next_cursor", page.nextCursor());
        return body;
    }

    /** Written straight to the response, a page of entries at a time, so an export of any size takes little memory. */
    @GetMapping("/api/v1/audit/export")
    void export(@RequestParam(defaultValue = "jsonl") String format,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String actor, @RequestParam(required = false) String category,
            @RequestParam(required = false) String action, @RequestParam(required = false) String target,
            @RequestParam(required = false) String outcome, HttpServletResponse response) throws IOException {
        String normalized = AuditFormats.normalize(format);
        if (!settings.exports(normalized)) {
            throw new IllegalArgumentException("export format '" + format + "' is not enabled: audit.export_formats "
                    + "lists " + settings.exportFormats());
        }
        AuditQuery query = new AuditQuery(time("from", from), time("to", to), actor, category, action, target, outcome,
                null, false);
        TenantId tenant = tenant();
        String host = host();
        String extension = switch (normalized) {
            case "csv" -> "csv";
            case "splunk" -> "splunk.json";
            default -> "jsonl";
        };
        response.setContentType(normalized.equals("csv") ? "text/csv;charset=UTF-8" : "application/x-ndjson");
        response.setCharacterEncoding("UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-" + tenant.value() + "."
                + extension + "\"");
        BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
        if (normalized.equals("csv")) {
            writer.write(AuditFormats.csvHeader());
            writer.write("\r\n");
        }
        trail.forEach(tenant, query, entry -> write(writer, normalized, entry, host));
        writer.flush();
    }

    @GetMapping("/api/v1/audit/verify")
    Map<String, Object> verify(@RequestParam(name = "from_seq", defaultValue = "1") long fromSeq) {
        TenantId tenant = tenant();
        Verification v = trail.verify(tenant, fromSeq);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("valid", v.valid());
        body.put("entries_checked", v.entries());
        body.put("checkpoints_verified", v.checkpoints());
        if (v.valid()) {
            body.put("from_seq", v.fromSeq());
            body.put("to_seq", v.toSeq());
        } else {
            Map<String, Object> broken = new LinkedHashMap<>();
            broken.put("seq", v.brokenSeq());
            broken.put("id", v.brokenId());
            broken.put("problem", v.problem());
            body.put("first_broken", broken);
        }
        trail.latestCheckpoint(tenant).ifPresent(c -> body.put("latest_checkpoint", Map.of("seq", c.seq(), "hash",
                c.hash(), "signed_at", c.signedAt().toString(), "key_id", c.keyId())));
        return body;
    }

    private static void write(BufferedWriter writer, String format, AuditEntry entry, String host) {
        try {
            writer.write(switch (format) {
                case "csv" -> AuditFormats.csvLine(entry) + "\r\n";
                case "splunk" -> AuditFormats.splunkEvent(entry, host) + "\n";
                default -> AuditFormats.jsonLine(entry) + "\n";
            });
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TenantId tenant() {
        return AdminCallers.current().tenantId();
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "aurelis";
        }
    }

    /** An ISO-8601 date (midnight UTC) or timestamp. */
    static Instant time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : java.time.OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is neither a date (2026-05-01) nor a timestamp "
                    + "(2026-05-01T09:30:00Z)");
        }
    }

}
