package dev.aurelis.analytics;

import java.util.Set;

/**
 * What a failed exchange's error says about who failed: Aurelis refused it by policy (budget, rate limit, model or
 * task not allowed, data residency), the client sent something wrong or went away, or the provider failed.
 */
public final class ErrorKinds {

    public static final String REFUSED = "refused";
    public static final String CLIENT = "client";
    public static final String PROVIDER = "provider";

    private static final Set<String> REFUSALS = Set.of("budget_exceeded", "budget_throttled", "rate_limit_exceeded",
            "request_exceeds_rate_limit", "model_not_allowed", "task_not_allowed", "data_residency",
            "spend_counters_unavailable", "permission", "permission_error", "unpriced_model");

    private ErrorKinds() {
    }

    /** Null for an answered exchange (status below 400). */
    public static String of(int status, String errorType) {
        if (status < 400) {
            return null;
        }
        if (isRefusal(errorType)) {
            return REFUSED;
        }
        return status >= 500 ? PROVIDER : CLIENT;
    }

    /** Whether Aurelis itself refused the exchange by policy before (or instead of) serving it. */
    public static boolean isRefusal(String errorType) {
        return errorType != null && (REFUSALS.contains(errorType) || errorType.startsWith("budget_")
                || errorType.startsWith("rate_limit") || errorType.endsWith("_not_allowed")
                || errorType.startsWith("policy_"));
    }
}
