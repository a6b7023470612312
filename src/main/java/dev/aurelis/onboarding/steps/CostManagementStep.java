package dev.aurelis.onboarding.steps;

import dev.aurelis.configuration.DeclaredSettings;
import dev.aurelis.spend.Budget;
import dev.aurelis.spend.Budgets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code configure_cost_management}: every budget {@code cost_management.budgets} declares is in force, with the
 * declared scope, period, limit and providers.
 */
@Component
class CostManagementStep implements OnboardingStep {

    private final Budgets budgets;

    CostManagementStep(Budgets budgets) {
        this.budgets = budgets;
    }

    @Override
    public String name() {
        return "configure_cost_management";
    }

    @Override
    public Map<String, Object> run(OnboardingContext context) {
        List<Budget> declared = DeclaredSettings.budgets(context.config(), context.tenant());
        List<Budget> stored = budgets.list(context.tenant().value());
        List<String> missing = declared.stream().filter(d -> stored.stream().noneMatch(s -> same(d, s)))
                .map(CostManagementStep::describe).toList();
        if (!missing.isEmpty()) {
            throw new StepFailed("Budgets declared but not in force: " + String.join(", ", missing)
                    + ". The server applies cost_management at start: restart it with this configuration.");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("enabled", context.config().costManagement().enabled());
        result.put("budgets_declared", declared.size());
        result.put("budgets_in_force", stored.size());
        return result;
    }

    private static boolean same(Budget declared, Budget stored) {
        return declared.scope() == stored.scope() && declared.subject().equals(stored.subject())
                && declared.period() == stored.period() && declared.limit().compareTo(stored.limit()) == 0
                && declared.providers().equals(stored.providers());
    }

    private static String describe(Budget budget) {
        return budget.scope().name().toLowerCase(java.util.Locale.ROOT)
                + (budget.subject().isEmpty() ? "" : " " + budget.subject()) + " "
                + budget.period().name().toLowerCase(java.util.Locale.ROOT) + " " + budget.limit().toPlainString();
    }
}
