package dev.aurelis.console;

import dev.aurelis.access.AccessDenied;
import dev.aurelis.access.Permission;
import dev.aurelis.identity.Caller;
import dev.aurelis.spend.Budget;
import dev.aurelis.spend.Budgets;
import java.math.BigDecimal;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Budgets with their state, and, for those whose {@code budget:manage} reaches a budget, a new limit for it (as
 * {@code POST /api/v1/budgets} would set it: the budget keeps its scope, period, thresholds and enforcement).
 */
@Controller
class BudgetsPage {

    private final VisibleBudgets visible;
    private final Budgets budgets;

    BudgetsPage(VisibleBudgets visible, Budgets budgets) {
        this.visible = visible;
        this.budgets = budgets;
    }

    @GetMapping("/console/budgets")
    String budgets(Model model) {
        Caller caller = ConsoleModel.require("/console/budgets");
        return page(caller, model, null);
    }

    @PostMapping("/console/budgets/{id}")
    String changeLimit(@PathVariable UUID id, @RequestParam(required = false) String limit, Model model) {
        Caller caller = ConsoleModel.require("/console/budgets");
        Budget budget = visible.of(caller, Permission.BUDGET_MANAGE).stream().map(VisibleBudgets.Row::budget)
                .filter(b -> b.id().equals(id)).findFirst()
                .orElseThrow(() -> new AccessDenied("Changing this budget needs the permission 'budget:manage' over it, "
                        + "which your roles do not grant."));
        BigDecimal newLimit;
        try {
            newLimit = new BigDecimal(limit == null ? "" : limit.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The limit must be a number such as 2500 or 0.75.");
        }
        Budget changed = budgets.save(new Budget(null, budget.tenantId(), budget.scope(), budget.subject(),
                budget.providers(), budget.period(), newLimit, budget.thresholds(), budget.hardLimit(),
                budget.downgrade(), Budget.FROM_API));
        return page(caller, model, changed.describe() + ": the limit is now " + changed.limit().toPlainString() + ".");
    }

    private String page(Caller caller, Model model, String changed) {
        Set<UUID> manageable = visible.of(caller, Permission.BUDGET_MANAGE).stream()
                .map(r -> r.budget().id()).collect(Collectors.toSet());
        model.addAttribute("budgets", visible.of(caller));
        model.addAttribute("manageable", manageable);
        model.addAttribute("changed", changed);
        return "console/budgets";
    }
}
