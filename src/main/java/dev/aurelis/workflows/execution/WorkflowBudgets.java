package dev.aurelis.workflows.execution;

import dev.aurelis.identity.ServiceIdentities;
import dev.aurelis.spend.Budget;
import dev.aurelis.spend.BudgetPeriod;
import dev.aurelis.spend.BudgetScope;
import dev.aurelis.spend.BudgetStatus;
import dev.aurelis.spend.Budgets;
import dev.aurelis.spend.SpendGuard;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.workflows.definitions.Workflow;
import dev.aurelis.workflows.definitions.WorkflowCatalog;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each workflow's {@code budget}, held by the spend module as the monthly budget of the workflow's account
 * ({@code workflow.<name>@workflows.aurelis}, ADR 0070): the gateway counts every model call the workflow makes
 * against it (reserve, then settle, as for anyone's), its thresholds are published like any budget's, and the
 * budgets API shows its spend. The budget is soft in the gateway, and enforced here, before each model call of a
 * step: once the month's spend has reached it, the step fails with the reason instead of calling. A budget
 * removed from a definition (or a definition deleted) removes its budget.
 */
@Component
class WorkflowBudgets {

    private static final Logger log = LoggerFactory.getLogger(WorkflowBudgets.class);
    /** The {@code source} of the budgets held for workflows, as the budgets API shows it. */
    static final String SOURCE = "workflow";

    private final WorkflowCatalog catalog;
    private final Budgets budgets;
    private final SpendGuard guard;
    private final TransactionTemplate outsideTransactions;

    WorkflowBudgets(WorkflowCatalog catalog, Budgets budgets, SpendGuard guard, PlatformTransactionManager transactions) {
        this.catalog = catalog;
        this.budgets = budgets;
        this.guard = guard;
        // The catalog changes after a definition's transaction committed, while its connection may still be bound:
        // the budgets are written on a connection of their own, committed at once, so spend sees them at once.
        this.outsideTransactions = new TransactionTemplate(transactions);
        this.outsideTransactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
        catalog.onChange(this::sync);
    }

    /** Makes the spend module hold exactly the budgets the workflows name (called whenever the catalog changes). */
    void sync() {
        outsideTransactions.executeWithoutResult(status -> syncNow());
    }

    private synchronized void syncNow() {
        String tenant = catalog.tenant().value();
        Set<UUID> wanted = new HashSet<>();
        try {
            for (Workflow workflow : catalog.workflows()) {
                if (workflow.budget() == null) {
                    continue;
                }
                Budget budget = budgetOf(tenant, workflow.name(), workflow.budget());
                wanted.add(budget.id());
                Optional<Budget> held = budgets.find(tenant, budget.id());
                if (held.isEmpty() || held.get().limit().compareTo(budget.limit()) != 0
                        || !SOURCE.equals(held.get().source()) || !Boolean.FALSE.equals(held.get().hardLimit())) {
                    budgets.save(budget);
                }
            }
            for (Budget held : List.copyOf(budgets.list(tenant))) {
                if (SOURCE.equals(held.source()) && !wanted.contains(held.id())) {
                    budgets.delete(tenant, held.id());
                }
            }
        } catch (RuntimeException e) {
            log.warn("The workflows' budgets could not be brought up to date ({}); they are on the next change", e.getMessage());
        }
    }

    /**
     * The monthly budget of a workflow's account. Soft in the gateway: this module refuses the next call once the
     * spend has reached it, so a review is never cut off by a reservation of its calls' largest possible cost.
     */
    static Budget budgetOf(String tenant, String workflow, BigDecimal limit) {
        return new Budget(null, tenant, BudgetScope.USER, ServiceIdentities.workflowAddress(workflow), Set.of(),
                BudgetPeriod.MONTHLY, limit, List.of(), false, null, SOURCE);
    }

    /** Why the workflow may make no model call now (its month's spend reached its budget); empty while it may. */
    Optional<String> exhausted(TenantId tenant, String workflow) {
        return held(tenant, workflow).flatMap(budget -> {
            BudgetStatus status = guard.status(budget);
            if (status.spent() == null || status.spent().compareTo(budget.limit()) < 0) {
                return Optional.empty();
            }
            return Optional.of(reason(status.spent(), budget.limit()));
        });
    }

    /**
     * The reason for a gateway refusal that the workflow's own budget caused (it names the workflow's account), worded
     * as the step records it; empty for any other refusal.
     */
    Optional<String> refusal(TenantId tenant, String workflow, String gatewayMessage) {
        if (gatewayMessage == null || !gatewayMessage.contains(ServiceIdentities.workflowAddress(workflow))) {
            return Optional.empty();
        }
        return held(tenant, workflow).map(budget -> {
            BigDecimal spent = guard.status(budget).spent();
            return reason(spent == null ? budget.limit() : spent, budget.limit()) + " (" + gatewayMessage + ")";
        });
    }

    private Optional<Budget> held(TenantId tenant, String workflow) {
        UUID id = Budget.idOf(tenant.value(), BudgetScope.USER, ServiceIdentities.workflowAddress(workflow),
                BudgetPeriod.MONTHLY, Set.of());
        return budgets.find(tenant.value(), id).filter(b -> SOURCE.equals(b.source()));
    }

    private String reason(BigDecimal spent, BigDecimal limit) {
        String currency = guard.currency();
        return "workflow budget exhausted: spent " + spent.stripTrailingZeros().toPlainString() + " " + currency
                + " of " + limit.stripTrailingZeros().toPlainString() + " " + currency + " this month";
    }
}
