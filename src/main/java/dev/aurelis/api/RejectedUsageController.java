package dev.aurelis.api;

import dev.aurelis.access.Permission;
import dev.aurelis.identity.AdminCallers;
import dev.aurelis.identity.Caller;
import dev.aurelis.spend.RejectedUsage;
import dev.aurelis.spend.UsageRejections;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/usage/rejected}: the ledger's dead letters (records it could not store, with the reason), newest
 * first, within what the caller's {@code usage:read} reaches, as for {@code GET /api/v1/usage}.
 */
@RestController
class RejectedUsageController {

    private static final int MAX_LIMIT = 1000;

    private final UsageRejections rejections;
    private final ReportReach reach;

    RejectedUsageController(UsageRejections rejections, ReportReach reach) {
        this.rejections = rejections;
        this.reach = reach;
    }

    @GetMapping("/api/v1/usage/rejected")
    Map<String, List<RejectedUsage>> rejected(@RequestParam(defaultValue = "100") int limit) {
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("'limit' must be between 0 and " + MAX_LIMIT + ".");
        }
        Caller caller = AdminCallers.current();
        return Map.of("rejected", rejections.list(caller.tenantId().value(),
                reach.of(caller, Permission.USAGE_READ), limit));
    }
}
