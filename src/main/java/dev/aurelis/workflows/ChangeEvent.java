package dev.aurelis.workflows;

import dev.aurelis.audit.AuditedEvent;

/**
 * A workflow event about one change of one repository: the trail records it in the category {@code workflow}, by
 * the workflow that acted, on {@code repository:acme/payments#42} (or {@code @ec26c3e} for a push or a review from CI).
 */
interface ChangeEvent extends AuditedEvent {

    String workflow();

    String repository();

    Long pullNumber();

    /** The reviewed commit, or null when the event does not name one. */
    String headSha();

    @Override
    default String auditCategory() {
        return "workflow";
    }

    @Override
    default String auditActor() {
        return "workflow:" + workflow();
    }

    @Override
    default String auditTarget() {
        String change = pullNumber() != null ? "#" + pullNumber()
                : headSha() != null ? "@" + headSha().substring(0, Math.min(7, headSha().length())) : "";
        return "repository:" + repository() + change;
    }
}
