package dev.aurelis.spend;

import java.util.Set;
import java.util.UUID;

/**
 * Which ledger records a reader wants: each non-blank field must match ({@code user} by e-mail, ignoring case;
 * {@code model} the model asked for or the one that served), and {@code reach}, when given, admits only records
 * attributed to one of its departments or teams or made by its user (null: the whole organisation).
 */
public record LedgerFilter(String user, String team, String department, String costCenter, String project,
        String model, String requestId, Reach reach) {

    public static final LedgerFilter ALL = new LedgerFilter(null, null, null, null, null, null, null, null);

    /**
     * Records attributed to one of {@code departments} (each named with its sub-departments: the reader expands
     * them) or {@code teams}, or made by {@code user}.
     */
    public record Reach(Set<String> departments, Set<String> teams, UUID user) {

        public Reach {
            departments = Set.copyOf(departments);
            teams = Set.copyOf(teams);
        }
    }

    /** Whether a filter field is set (not null or blank). */
    public static boolean given(String value) {
        return value != null && !value.isBlank();
    }
}
