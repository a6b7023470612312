package dev.aurelis.audit;

/**
 * A past-tense event that says itself how the trail records it. The trail's own table of events covers the modules
 * it depends on; a module that depends on the trail (directly or through another) cannot be in that table without a
 * cycle, so its events implement this instead. The entry's details are the event's record components, as for every
 * recorded event (never secrets).
 */
public interface AuditedEvent {

    String tenantId();

    /** The entry's category, e.g. {@code workflow}. */
    String auditCategory();

    /** The entry's action, e.g. {@code workflow.run_finished}. */
    String auditAction();

    /** Who acted, or null for Aurelis itself. */
    String auditActor();

    /** What was acted on, e.g. {@code repository:acme/payments#42}. */
    String auditTarget();

    /** {@link AuditDraft#SUCCESS}, {@link AuditDraft#FAILURE} or {@link AuditDraft#REFUSED}. */
    default String auditOutcome() {
        return AuditDraft.SUCCESS;
    }
}
