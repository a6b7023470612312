package dev.aurelis.workflows;

import dev.aurelis.audit.AuditedEvent;
import java.math.BigDecimal;
import java.util.List;

/**
 * An administrator created, changed or deleted a workflow definition through the admin API. The trail records it
 * as {@code workflow.definition_created} (…{@code _updated}, …{@code _deleted}) on {@code workflow:<name>}, with
 * what the definition says; every replica's catalog follows it.
 *
 * @param change  {@code created}, {@code updated} or {@code deleted}
 * @param version the version the change made (for a deletion, the version deleted)
 * @param steps   each step as {@code name: action (model)}; empty for a deletion
 * @param budget  the monthly limit it sets, or null
 */
public record WorkflowDefinitionChanged(String tenantId, String name, String change, long version, String actor,
        List<String> triggers, List<String> steps, String project, BigDecimal budget, List<String> repositories)
        implements AuditedEvent {

    @Override
    public String auditCategory() {
        return "workflow";
    }

    @Override
    public String auditAction() {
        return "workflow.definition_" + change;
    }

    @Override
    public String auditActor() {
        return actor;
    }

    @Override
    public String auditTarget() {
        return "workflow:" + name;
    }
}
