package dev.aurelis.spend;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;

/**
 * Default monthly budgets of every user, by role: {@code senior_developer} gets the senior limit, {@code team_lead}
 * the lead limit, {@code department_manager} the manager limit (none at all with {@code managerUnlimited}),
 * {@code admin} and {@code enterprise_admin} the admin limit, others the default. The most generous limit among a
 * user's roles applies. A budget set on the user by name replaces these defaults.
 */
public record UserLimits(BigDecimal defaultMonthly, BigDecimal seniorMonthly, BigDecimal leadMonthly,
        BigDecimal managerMonthly, BigDecimal adminMonthly, boolean managerUnlimited) {

    public static final String SENIOR_ROLE = "senior_developer";
    public static final String LEAD_ROLE = "team_lead";
    public static final String MANAGER_ROLE = "department_manager";
    public static final Set<String> ADMIN_ROLES = Set.of("admin", "enterprise_admin");

    /** Without the manager and admin limits. */
    public UserLimits(BigDecimal defaultMonthly, BigDecimal seniorMonthly, BigDecimal leadMonthly,
            boolean managerUnlimited) {
        this(defaultMonthly, seniorMonthly, leadMonthly, null, null, managerUnlimited);
    }

    /** The monthly limit for a user with {@code roles}; empty when the user has none. */
    public Optional<BigDecimal> limitFor(Set<String> roles) {
        if (managerUnlimited && roles.contains(MANAGER_ROLE)) {
            return Optional.empty();
        }
        BigDecimal limit = null;
        limit = larger(limit, leadMonthly, roles.contains(LEAD_ROLE));
        limit = larger(limit, seniorMonthly, roles.contains(SENIOR_ROLE));
        limit = larger(limit, managerMonthly, roles.contains(MANAGER_ROLE));
        limit = larger(limit, adminMonthly, roles.stream().anyMatch(ADMIN_ROLES::contains));
        return Optional.ofNullable(limit != null ? limit : defaultMonthly);
    }

    public boolean isEmpty() {
        return defaultMonthly == null && seniorMonthly == null && leadMonthly == null && managerMonthly == null
                && adminMonthly == null;
    }

    private static BigDecimal larger(BigDecimal current, BigDecimal candidate, boolean applies) {
        if (!applies || candidate == null) {
            return current;
        }
        return current == null || candidate.compareTo(current) > 0 ? candidate : current;
    }
}
