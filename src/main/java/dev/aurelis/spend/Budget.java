package dev.aurelis.spend;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A budget: what {@code scope} and {@code subject} may spend per {@code period}, counting only spend on
 * {@code providers} (names or types) when that set is not empty. The id follows from tenant, scope, subject,
 * period and providers, so declaring the same budget again updates it, on every replica alike.
 *
 * @param thresholds fractions of the limit at which {@link BudgetThresholdCrossed} is published; empty takes the
 *                   default; reaching the limit itself always counts
 * @param hardLimit  refuse past the limit; null follows the enforcement default
 * @param downgrade  null follows the enforcement default
 * @param source     {@code configuration} or {@code api}
 */
public record Budget(UUID id, String tenantId, BudgetScope scope, String subject, Set<String> providers,
        BudgetPeriod period, BigDecimal limit, List<BigDecimal> thresholds, Boolean hardLimit, Downgrade downgrade,
        String source) {

    public static final String FROM_CONFIGURATION = "configuration";
    public static final String FROM_API = "api";

    /** The largest limit: counters hold millionths of the currency in 63 bits. */
    public static final BigDecimal MAX_LIMIT = new BigDecimal("1000000000000");

    public Budget {
        if (tenantId == null || scope == null || period == null) {
            throw new IllegalArgumentException("A budget needs a tenant, a scope and a period.");
        }
        subject = normalizeSubject(scope, subject);
        Set<String> normalized = new TreeSet<>();
        if (providers != null) {
            providers.forEach(p -> {
                if (p != null && !p.isBlank()) {
                    normalized.add(p.strip().toLowerCase(Locale.ROOT));
                }
            });
        }
        providers = java.util.Collections.unmodifiableSet(normalized);
        if (limit == null || limit.signum() < 0) {
            throw new IllegalArgumentException("'limit' is required and must not be negative.");
        }
        if (limit.compareTo(MAX_LIMIT) > 0 || limit.stripTrailingZeros().scale() > 6) {
            boolean readable = limit.precision() - limit.scale() <= 24 && limit.scale() <= 24;
            throw new IllegalArgumentException("'limit' must be at most 1,000,000,000,000 with at most six decimal "
                    + "places (budgets count in millionths of the currency); "
                    + (readable ? limit.toPlainString() + " is not." : "the number given is out of range."));
        }
        thresholds = thresholds == null ? List.of() : thresholds.stream().sorted().distinct().toList();
        for (BigDecimal t : thresholds) {
            if (t.signum() <= 0) {
                throw new IllegalArgumentException("Thresholds are fractions of the limit above 0, e.g. 0.5, 0.8, 1.0.");
            }
        }
        id = idOf(tenantId, scope, subject, period, providers);
        source = source == null ? FROM_API : source;
    }

    private static String normalizeSubject(BudgetScope scope, String subject) {
        if (scope == BudgetScope.ORGANIZATION) {
            return "";
        }
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("'subject' is required for a " + scope.wireName() + " budget.");
        }
        String s = subject.strip();
        return scope == BudgetScope.USER || scope == BudgetScope.API_KEY ? s.toLowerCase(Locale.ROOT) : s;
    }

    /** The id of the budget on this tenant, scope, subject, period and providers. */
    public static UUID idOf(String tenantId, BudgetScope scope, String subject, BudgetPeriod period, Set<String> providers) {
        String natural = tenantId + "\n" + scope + "\n" + normalizeSubject(scope, subject) + "\n" + period + "\n"
                + String.join(",", new TreeSet<>(providers.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList()));
        return UUID.nameUUIDFromBytes(natural.getBytes(StandardCharsets.UTF_8));
    }

    /** "team 'frontend' monthly budget on openai". */
    public String describe() {
        return scope.describe(subject) + " " + period.wireName() + " budget"
                + (providers.isEmpty() ? "" : " on " + String.join(", ", providers));
    }
}
