package dev.aurelis.api;

import dev.aurelis.identity.AdminCallers;
import dev.aurelis.identity.Caller;
import dev.aurelis.spend.Reconciliation;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/reports/reconcile?provider=openai}: the ledger against a provider's own usage report (the
 * body: the report's JSON, or {@code {"csv": "..."}}), by UTC day and model, over the ledger records the caller's
 * {@code reports:view} reaches (a department manager's cover their departments, as in the cost report).
 */
@RestController
class ReconcileController {

    private final Reconciliation reconciliation;
    private final ReportReach reach;

    ReconcileController(Reconciliation reconciliation, ReportReach reach) {
        this.reconciliation = reconciliation;
        this.reach = reach;
    }

    @PostMapping("/api/v1/reports/reconcile")
    Reconciliation.Report reconcile(@RequestParam(required = false) String provider, @RequestBody JsonNode export) {
        Caller caller = AdminCallers.current();
        return reconciliation.reconcile(caller.tenantId().value(), provider, export,
                reach.of(caller, CostReportController.PERMISSION));
    }
}
