package dev.aurelis.console;

import dev.aurelis.access.Permission;
import dev.aurelis.access.Scope;
import dev.aurelis.identity.Caller;
import dev.aurelis.identity.Users;
import dev.aurelis.spend.Budget;
import dev.aurelis.spend.BudgetState;
import dev.aurelis.spend.BudgetStatus;
import dev.aurelis.spend.Budgets;
import dev.aurelis.spend.SpendGuard;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.Team;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The budgets a caller's {@code budget:view} reaches, with their current state: every budget for the organisation's
 * scope; otherwise the budgets of their departments, teams and those teams' members. Budgets spanning departments
 * (the organisation's, projects', cost centers') and API-key budgets stay with organisation-wide viewers.
 */
@Component
class VisibleBudgets {

    /** A budget as the console shows it. {@code used} is the share of the limit spent, 0 to 1 and beyond. */
    record Row(Budget budget, BudgetState state, BigDecimal spent, BigDecimal used, String level) {

        /** {@code ok}, {@code warn} (a threshold passed) or {@code bad} (the limit reached). */
        static String level(BigDecimal used, List<BigDecimal> thresholds) {
            if (used == null) {
                return "ok";
            }
            if (used.compareTo(BigDecimal.ONE) >= 0) {
                return "bad";
            }
            return thresholds.stream().anyMatch(t -> used.compareTo(t) >= 0) ? "warn" : "ok";
        }
    }

    private final Budgets budgets;
    private final SpendGuard guard;
    private final Organizations organizations;
    private final Users users;

    VisibleBudgets(Budgets budgets, SpendGuard guard, Organizations organizations, Users users) {
        this.budgets = budgets;
        this.guard = guard;
        this.organizations = organizations;
        this.users = users;
    }

    List<Row> of(Caller caller) {
        if (!caller.has(Permission.BUDGET_VIEW)) {
            return List.of();
        }
        Scope scope = caller.scopeOf(Permission.BUDGET_VIEW);
        return budgets.list(caller.tenantId().value()).stream().filter(b -> reaches(caller, scope, b))
                .map(b -> {
                    BudgetState state = guard.state(b);
                    BudgetStatus status = state.status();
                    BigDecimal used = status.spent() == null ? null : b.limit().signum() == 0 ? BigDecimal.ONE
                            : status.spent().divide(b.limit(), 4, RoundingMode.HALF_UP);
                    return new Row(b, state, status.spent(), used, Row.level(used, state.thresholds()));
                }).toList();
    }

    private boolean reaches(Caller caller, Scope scope, Budget budget) {
        if (scope.organization()) {
            return true;
        }
        if (scope.reachesNothing() || budget.subject() == null) {
            return false;
        }
        return switch (budget.scope()) {
            case DEPARTMENT -> scope.departments().stream().anyMatch(d ->
                    budgets.departmentAndDescendants(caller.tenantId().value(), d).contains(budget.subject()));
            case TEAM -> teamReached(caller, scope, budget.subject());
            case USER -> users.findByEmail(caller.tenantId(), budget.subject())
                    .map(u -> u.id().equals(scope.self()) || u.teams().stream().anyMatch(t -> teamReached(caller, scope, t)))
                    .orElse(false);
            default -> false;
        };
    }

    private boolean teamReached(Caller caller, Scope scope, String team) {
        String department = organizations.team(caller.tenantId(), team).map(Team::department).orElse(null);
        return scope.teams().contains(team) || (department != null && scope.departments().stream().anyMatch(d ->
                budgets.departmentAndDescendants(caller.tenantId().value(), d).contains(department)));
    }
}
