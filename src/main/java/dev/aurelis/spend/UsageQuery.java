package dev.aurelis.spend;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A filter over the ledger and the dimensions to group by. {@code within}, when given, limits the records to
 * those a caller may see (their departments, teams or own records); null means the whole organisation.
 */
public record UsageQuery(String tenantId, Instant from, Instant to, String user, String team, String department,
        String costCenter, String project, String model, String requestId, List<String> groupBy, int limit,
        Within within) {

    public UsageQuery(String tenantId, Instant from, Instant to, String user, String team, String department,
            String costCenter, String project, String model, String requestId, List<String> groupBy, int limit) {
        this(tenantId, from, to, user, team, department, costCenter, project, model, requestId, groupBy, limit, null);
    }

    /** Records attributed to one of {@code departments} or {@code teams}, or made by {@code user}. */
    public record Within(Set<String> departments, Set<String> teams, UUID user) {

        public Within {
            departments = Set.copyOf(departments);
            teams = Set.copyOf(teams);
        }
    }
}
