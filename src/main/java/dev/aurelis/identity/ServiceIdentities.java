package dev.aurelis.identity;

import java.util.Locale;
import java.util.Optional;

/**
 * Accounts Aurelis makes for its own automation rather than for people: each code-review workflow calls models as
 * {@code workflow.<name>@workflows.aurelis} (ADR 0034). They are attributed like anyone in the ledger, but they are
 * not seats and not people in adoption figures.
 */
public final class ServiceIdentities {

    public static final String WORKFLOW_DOMAIN = "workflows.aurelis";
    private static final String WORKFLOW_PREFIX = "workflow.";

    private ServiceIdentities() {
    }

    /** The address a workflow's model calls are made as. */
    public static String workflowAddress(String workflow) {
        return WORKFLOW_PREFIX + workflow.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-") + "@"
                + WORKFLOW_DOMAIN;
    }

    /** The workflow an address belongs to (as its address spells it), or empty for a person. */
    public static Optional<String> workflowOf(String address) {
        if (address == null) {
            return Optional.empty();
        }
        String a = address.toLowerCase(Locale.ROOT);
        if (!a.startsWith(WORKFLOW_PREFIX) || !a.endsWith("@" + WORKFLOW_DOMAIN)) {
            return Optional.empty();
        }
        return Optional.of(a.substring(WORKFLOW_PREFIX.length(), a.length() - WORKFLOW_DOMAIN.length() - 1));
    }

    public static boolean isService(String address) {
        return workflowOf(address).isPresent();
    }
}
