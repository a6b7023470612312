package dev.aurelis.api;

import dev.aurelis.access.Scope;
import dev.aurelis.identity.Caller;
import dev.aurelis.spend.Budgets;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Turns a caller's scope for one permission into a {@link Reach}, closing its departments under the tree. */
@Component
class Reaches {

    private final Budgets budgets;

    Reaches(Budgets budgets) {
        this.budgets = budgets;
    }

    Reach of(Caller caller, String permission) {
        Scope scope = caller.scopeOf(permission);
        if (scope.organization()) {
            return Reach.ORGANIZATION;
        }
        Set<String> departments = new LinkedHashSet<>();
        scope.departments().forEach(d -> departments.addAll(budgets.departmentAndDescendants(caller.tenantId().value(), d)));
        return new Reach(false, departments, scope.teams(), scope.self());
    }
}
