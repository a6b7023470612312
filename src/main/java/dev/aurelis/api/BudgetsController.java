package dev.aurelis.api;

import dev.aurelis.access.AccessDenied;
import dev.aurelis.identity.AdminCallers;
import dev.aurelis.identity.ApiKeys;
import dev.aurelis.identity.Caller;
import dev.aurelis.identity.Durations;
import dev.aurelis.identity.Users;
import dev.aurelis.spend.Budget;
import dev.aurelis.spend.BudgetEvents;
import dev.aurelis.spend.BudgetPeriod;
import dev.aurelis.spend.BudgetScope;
import dev.aurelis.spend.BudgetState;
import dev.aurelis.spend.BudgetStatus;
import dev.aurelis.spend.BudgetThresholdCrossed;
import dev.aurelis.spend.Budgets;
import dev.aurelis.spend.Downgrade;
import dev.aurelis.spend.SpendGuard;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.Team;
import dev.aurelis.tenancy.TenantId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/budgets}: list budgets with their current spend, create or update one, delete one, and list the
 * thresholds they crossed ({@code /api/v1/budgets/events}). Each caller sees and changes only the budgets within the
 * reach of their {@code budget:view} / {@code budget:manage}: a department manager the budgets of their departments
 * (and sub-departments), of those departments' teams and members; a team lead with the permission their team's and
 * its members'. Organisation, project and cost center budgets are the organisation's. Budgets out of reach do not
 * exist for the caller (404); creating one is refused (403).
 */
@RestController
class BudgetsController {

    /** What a client sends to create or update a budget. */
    record BudgetRequest(String scope, String subject, String period, BigDecimal limit, List<String> providers,
            List<BigDecimal> thresholds, Boolean hardLimit, DowngradeRequest downgrade) {
    }

    record DowngradeRequest(BigDecimal at, String to, Map<String, String> models) {
    }

    static final String VIEW = "budget:view";
    static final String MANAGE = "budget:manage";

    private final Budgets budgets;
    private final SpendGuard guard;
    private final BudgetEvents events;
    private final Organizations organizations;
    private final Users users;
    private final ApiKeys keys;
    private final ReportReach reaches;

    BudgetsController(Budgets budgets, SpendGuard guard, BudgetEvents events, Organizations organizations, Users users,
            ApiKeys keys, ReportReach reaches) {
        this.reaches = reaches;
        this.budgets = budgets;
        this.guard = guard;
        this.events = events;
        this.organizations = organizations;
        this.users = users;
        this.keys = keys;
    }

    @GetMapping("/api/v1/budgets")
    Map<String, Object> list() {
        Caller caller = AdminCallers.current();
        String tenant = caller.tenantId().value();
        Reach reach = reaches.reach(caller, VIEW);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("budgets", budgets.list(tenant).stream().filter(b -> reaches(caller, reach, b.scope(), b.subject()))
                .map(guard::state).map(BudgetsController::view).toList());
        var userLimits = budgets.policy().userLimits();
        if (userLimits != null) {
            Map<String, Object> defaults = new LinkedHashMap<>();
            defaults.put("default_monthly", userLimits.defaultMonthly());
            defaults.put("senior_monthly", userLimits.seniorMonthly());
            defaults.put("lead_monthly", userLimits.leadMonthly());
            defaults.put("manager_unlimited", userLimits.managerUnlimited());
            answer.put("user_limits", defaults);
        }
        return answer;
    }

    @GetMapping("/api/v1/budgets/{id}")
    Map<String, Object> one(@PathVariable UUID id) {
        return view(guard.state(reachable(AdminCallers.current(), VIEW, id)));
    }

    @PostMapping("/api/v1/budgets")
    ResponseEntity<Map<String, Object>> save(@RequestBody BudgetRequest request) {
        Caller caller = AdminCallers.current();
        String tenant = caller.tenantId().value();
        if (request.limit() == null) {
            throw new IllegalArgumentException("'limit' is required: the most the subject may spend per period.");
        }
        Downgrade downgrade = request.downgrade() == null ? null
                : new Downgrade(request.downgrade().at(), request.downgrade().to(), request.downgrade().models());
        if (downgrade != null && (downgrade.at().signum() < 0 || downgrade.at().compareTo(BigDecimal.ONE) > 0)) {
            throw new IllegalArgumentException("'downgrade.at' is a fraction of the limit from 0 to 1.");
        }
        Budget budget = new Budget(null, tenant, BudgetScope.parse(request.scope()), request.subject(),
                request.providers() == null ? null : new LinkedHashSet<>(request.providers()),
                BudgetPeriod.parse(request.period()), request.limit(), request.thresholds(), request.hardLimit(),
                downgrade, Budget.FROM_API);
        if (!reaches(caller, reaches.reach(caller, MANAGE), budget.scope(), budget.subject())) {
            throw new AccessDenied("You may set budgets only within your reach: your departments, their teams and "
                    + "members (or your teams and their members).");
        }
        boolean existed = budgets.find(tenant, budget.id()).isPresent();
        Budget saved = budgets.save(budget);
        return ResponseEntity.status(existed ? HttpStatus.OK : HttpStatus.CREATED).body(view(guard.state(saved)));
    }

    @DeleteMapping("/api/v1/budgets/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        Caller caller = AdminCallers.current();
        reachable(caller, MANAGE, id);
        if (!budgets.delete(caller.tenantId().value(), id)) {
            throw new NoSuchElementException("No budget " + id + ".");
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/budgets/events")
    Map<String, Object> events(@RequestParam(required = false) String since, @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("'limit' must be between 1 and 1000.");
        }
        Instant from = since == null || since.isBlank() ? null : since(since);
        Caller caller = AdminCallers.current();
        Reach reach = reaches.reach(caller, VIEW);
        List<BudgetThresholdCrossed> list = events.list(caller.tenantId().value(), from, limit,
                e -> reaches(caller, reach, BudgetScope.parse(e.scope()), e.subject()));
        return Map.of("events", list.stream().map(BudgetsController::view).toList());
    }

    private static final java.util.regex.Pattern AGO = java.util.regex.Pattern.compile("(\\d{1,6})([mhdw])");

    /** {@code since}: a date, an instant, or how long ago ({@code 30m}, {@code 24h}, {@code 7d}, {@code 2w}). */
    static Instant since(String text) {
        java.util.regex.Matcher ago = AGO.matcher(text.strip());
        if (!ago.matches()) {
            try {
                return Durations.parseInstant(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'since' is a date (2026-12-31), an ISO instant (2026-12-31T00:00:00Z) "
                        + "or how long ago: 30m, 24h, 7d, 2w.");
            }
        }
        long n = Long.parseLong(ago.group(1));
        java.time.Duration back = switch (ago.group(2)) {
            case "m" -> java.time.Duration.ofMinutes(n);
            case "h" -> java.time.Duration.ofHours(n);
            case "d" -> java.time.Duration.ofDays(n);
            default -> java.time.Duration.ofDays(7 * n);
        };
        return Instant.now().minus(back);
    }

    /** The budget if it exists and {@code permission} reaches it; else, for this caller, it does not exist. */
    private Budget reachable(Caller caller, String permission, UUID id) {
        return budgets.find(caller.tenantId().value(), id)
                .filter(b -> reaches(caller, reaches.reach(caller, permission), b.scope(), b.subject()))
                .orElseThrow(() -> new NoSuchElementException("No budget " + id + "."));
    }

    /** Whether a budget on {@code subject} in {@code kind} lies within {@code reach}. */
    private boolean reaches(Caller caller, Reach reach, BudgetScope kind, String subject) {
        if (reach.organization()) {
            return true;
        }
        if (reach.nothing() || subject == null) {
            return false;
        }
        TenantId tenant = caller.tenantId();
        return switch (kind) {
            case DEPARTMENT -> reach.department(subject);
            case TEAM -> teamReached(tenant, reach, subject);
            case USER -> users.findByEmail(tenant, subject)
                    .map(u -> (reach.self() != null && reach.self().equals(u.id()))
                            || u.teams().stream().anyMatch(t -> teamReached(tenant, reach, t)))
                    .orElse(false);
            case API_KEY -> keyReached(tenant, reach, subject);
            // the organisation's own, project and cost center budgets span departments
            case ORGANIZATION, PROJECT, COST_CENTER -> false;
        };
    }

    private boolean teamReached(TenantId tenant, Reach reach, String team) {
        return reach.team(team, organizations.team(tenant, team).map(Team::department).orElse(null));
    }

    private boolean keyReached(TenantId tenant, Reach reach, String keyId) {
        UUID id;
        try {
            id = UUID.fromString(keyId);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return keys.find(tenant, id).map(k -> (reach.self() != null && reach.self().equals(k.userId()))
                || (k.team() != null && teamReached(tenant, reach, k.team()))).orElse(false);
    }

    private static Map<String, Object> view(BudgetState state) {
        Budget b = state.budget();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", b.id());
        v.put("scope", b.scope().wireName());
        v.put("subject", b.subject());
        v.put("providers", b.providers());
        v.put("period", b.period().wireName());
        v.put("limit", b.limit());
        v.put("currency", state.currency());
        v.put("enforcement", state.enforcement());
        v.put("hard_limit", b.hardLimit());
        v.put("thresholds", state.thresholds());
        if (state.downgrade() != null) {
            v.put("downgrade", Map.of("at", state.downgrade().at(), "to", state.downgrade().to() == null ? "" : state.downgrade().to(),
                    "models", state.downgrade().models()));
        }
        v.put("source", b.source());
        v.put("description", b.describe());
        BudgetStatus status = state.status();
        Map<String, Object> current = new LinkedHashMap<>();
        current.put("period", status.periodKey());
        current.put("from", status.periodStart());
        current.put("resets_at", status.resetsAt());
        current.put("spent", status.spent());
        current.put("reserved", status.reserved());
        if (status.spent() != null) {
            current.put("remaining", b.limit().subtract(status.spent()).max(BigDecimal.ZERO));
            current.put("used", b.limit().signum() == 0 ? BigDecimal.ONE
                    : status.spent().divide(b.limit(), 4, RoundingMode.HALF_UP).stripTrailingZeros());
        }
        current.put("exceeded_at", status.exceededAt());
        v.put("current", current);
        return v;
    }

    private static Map<String, Object> view(BudgetThresholdCrossed e) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", e.id());
        v.put("type", "BudgetThresholdCrossed");
        v.put("budget_id", e.budgetId());
        v.put("scope", e.scope());
        v.put("subject", e.subject());
        v.put("period", e.period());
        v.put("period_key", e.periodKey());
        v.put("threshold", e.threshold());
        v.put("limit", e.limit());
        v.put("spent", e.spent());
        v.put("currency", e.currency());
        v.put("description", e.description());
        v.put("occurred_at", e.occurredAt());
        return v;
    }
}
