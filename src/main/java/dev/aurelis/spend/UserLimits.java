package dev.aurelis.spend;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;

/**
 * Default monthly budgets of every user, by role: {@code senior_developer} gets the senior limit, {@code team_lead}
 * the lead limit, others the default; with {@code managerUnlimited}, a {@code department_manager} has none. The
 * most generous limit among a user's roles applies. A budget set on the user by name replaces these defaults.
 */
public record UserLimits(BigDecimal defaultMonthly, BigDecimal seniorMonthly, BigDecimal leadMonthly,
        boolean managerUnlimited) {

    public static final String SENIOR_ROLE = "senior_developer";
    public static final String LEAD_ROLE = "team_lead";
    public static final String MANAGER_ROLE = "department_manager";

    /** The monthly limit for a user with {@code roles}; empty when the user has none. */
    public Optional<BigDecimal> limitFor(Set<String> roles) {
        if (managerUnlimited && roles.contains(MANAGER_ROLE)) {
            return Optional.empty();
        }
        BigDecimal limit = null;
        if (leadMonthly != null && roles.contains(LEAD_ROLE)) {
            limit = leadMonthly;
        }
        if (seniorMonthly != null && roles.contains(SENIOR_ROLE) && (limit == null || seniorMonthly.compareTo(limit) > 0)) {
            limit = seniorMonthly;
        }
        return Optional.ofNullable(limit != null ? limit : defaultMonthly);
    }

    public boolean isEmpty() {
        return defaultMonthly == null && seniorMonthly == null && leadMonthly == null;
    }
}
