package dev.aurelis.api;

import dev.aurelis.access.Scope;
import dev.aurelis.identity.Caller;
import dev.aurelis.spend.Budgets;
import dev.aurelis.spend.LedgerFilter;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * How far a caller's permission reaches: the whole organisation, or their departments with every department below
 * them, their teams, and their own records. The one place a caller's scope meets the department tree: the budgets
 * API ({@link #reach}), and the usage API, cost report and console ({@link #of}, the same reach as a ledger filter)
 * all ask it, so a manager sees the same teams in each.
 */
@Component
public class ReportReach {

    private final Budgets budgets;

    ReportReach(Budgets budgets) {
        this.budgets = budgets;
    }

    /** The reach as the ledger's filter: null for the whole organisation. */
    public LedgerFilter.Reach of(Caller caller, String permission) {
        return reach(caller, permission).ledger();
    }

    Reach reach(Caller caller, String permission) {
        Scope scope = caller.scopeOf(permission);
        if (scope.organization()) {
            return Reach.ORGANIZATION;
        }
        Set<String> departments = new LinkedHashSet<>();
        scope.departments().forEach(d -> departments.addAll(budgets.departmentAndDescendants(caller.tenantId().value(), d)));
        return new Reach(false, departments, scope.teams(), scope.self());
    }
}
