package dev.aurelis.api;

import dev.aurelis.access.Scope;
import dev.aurelis.identity.Caller;
import dev.aurelis.spend.Budgets;
import dev.aurelis.spend.LedgerFilter;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The records a caller's permission reaches in usage, cost and analytics reports: the whole organisation (null), or
 * their departments with every department below them, their teams, and their own records. The one place the read
 * APIs of usage and analytics turn a caller's scope into a filter.
 */
@Component
public class ReportReach {

    private final Budgets budgets;

    ReportReach(Budgets budgets) {
        this.budgets = budgets;
    }

    public LedgerFilter.Reach of(Caller caller, String permission) {
        Scope scope = caller.scopeOf(permission);
        if (scope.organization()) {
            return null;
        }
        Set<String> departments = new LinkedHashSet<>();
        scope.departments().forEach(d -> departments.addAll(budgets.departmentAndDescendants(caller.tenantId().value(), d)));
        return new LedgerFilter.Reach(departments, scope.teams(), scope.self());
    }
}
