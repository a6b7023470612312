package dev.aurelis.audit.web;

import dev.aurelis.audit.DataLineage;
import dev.aurelis.identity.AdminCallers;
import dev.aurelis.tenancy.TenantId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/lineage/{request_id}}: an exchange's lineage; {@code GET /api/v1/lineage?pull_request=…} (or
 * {@code commit=…}): the lineages of the exchanges linked to it. Require {@code audit:read} and
 * {@code compliance.data_lineage}.
 */
@RestController
class LineageController {

    private final DataLineage lineage;

    LineageController(DataLineage lineage) {
        this.lineage = lineage;
    }

    @GetMapping("/api/v1/lineage/{request_id}")
    Map<String, Object> one(@PathVariable("request_id") String requestId) {
        requireEnabled();
        return lineage.of(tenant(), requestId).orElseThrow(() -> new NoSuchElementException(
                "No exchange with request id '" + requestId + "' is in the audit trail"));
    }

    @GetMapping("/api/v1/lineage")
    Map<String, Object> linked(@RequestParam(name = "pull_request", required = false) String pullRequest,
            @RequestParam(required = false) String commit) {
        requireEnabled();
        if ((pullRequest == null) == (commit == null)) {
            throw new IllegalArgumentException("name exactly one of pull_request or commit");
        }
        TenantId tenant = tenant();
        List<Map<String, Object>> exchanges = lineage.byDetail(tenant, pullRequest != null ? "pull_request" : "commit",
                pullRequest != null ? pullRequest : commit).stream().map(id -> lineage.of(tenant, id))
                .flatMap(Optional::stream).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("exchanges", exchanges);
        return body;
    }

    private void requireEnabled() {
        if (!lineage.enabled()) {
            throw new NoSuchElementException("Data lineage is switched off: set compliance.data_lineage: true");
        }
    }

    private static TenantId tenant() {
        return AdminCallers.current().tenantId();
    }
}
