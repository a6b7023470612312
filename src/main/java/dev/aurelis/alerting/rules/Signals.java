package dev.aurelis.alerting.rules;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The names a condition may use, with what each measures (the same table is in docs/alerting.md). */
public final class Signals {

    public static final String ERROR_RATE = "error_rate";
    public static final String REQUEST_RATE = "request_rate";
    public static final String REQUESTS_PER_MINUTE = "requests_per_minute";
    public static final String REQUESTS = "requests";
    public static final String TOKENS_PER_MINUTE = "tokens_per_minute";
    public static final String LATENCY_P50 = "latency_p50";
    public static final String LATENCY_P95 = "latency_p95";
    public static final String LATENCY_P99 = "latency_p99";
    public static final String HOURLY_SPEND = "hourly_spend";
    public static final String SECURITY_EVENTS = "security_events";
    public static final String MONTHLY_SPEND = "monthly_spend";
    public static final String SPEND = "spend";
    public static final String BUDGET = "budget";
    public static final String BUDGET_USED = "budget_used";
    public static final String BASELINE = "baseline";
    public static final String DATA_RETENTION = "data_retention";
    public static final String POLICY_LIMIT = "policy_limit";

    static final Map<String, String> ALL = all();

    /** Signals measured from the ledger feed in the last five minutes (hourly_spend: the last hour). */
    static final Set<String> WINDOWED = Set.of(ERROR_RATE, REQUEST_RATE, REQUESTS_PER_MINUTE, REQUESTS,
            TOKENS_PER_MINUTE, LATENCY_P50, LATENCY_P95, LATENCY_P99, HOURLY_SPEND, SECURITY_EVENTS);

    /** Signals of a budget, from the thresholds its spend crossed. */
    static final Set<String> BUDGETARY = Set.of(MONTHLY_SPEND, SPEND, BUDGET, BUDGET_USED);

    /** Signals of the ledger's retention against policy. */
    static final Set<String> RETENTION = Set.of(DATA_RETENTION, POLICY_LIMIT);

    private Signals() {
    }

    private static Map<String, String> all() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(ERROR_RATE, "share of exchanges in the last 5 minutes that failed (status 500 or above), 0 to 1");
        s.put(REQUEST_RATE, "exchanges per minute over the last 5 minutes");
        s.put(REQUESTS_PER_MINUTE, "same as request_rate");
        s.put(REQUESTS, "exchanges in the last 5 minutes");
        s.put(TOKENS_PER_MINUTE, "input plus output tokens per minute over the last 5 minutes");
        s.put(LATENCY_P50, "median exchange latency in the last 5 minutes, milliseconds");
        s.put(LATENCY_P95, "95th percentile latency in the last 5 minutes, milliseconds");
        s.put(LATENCY_P99, "99th percentile latency in the last 5 minutes, milliseconds");
        s.put(HOURLY_SPEND, "cost of the exchanges of the last hour");
        s.put(SECURITY_EVENTS, "exchanges refused by access policy (401, 403, not allowed) in the last 5 minutes");
        s.put(MONTHLY_SPEND, "a budget's spend in its current period, as of its last crossed threshold");
        s.put(SPEND, "same as monthly_spend");
        s.put(BUDGET, "a budget's limit");
        s.put(BUDGET_USED, "monthly_spend / budget");
        s.put(BASELINE, "the learned normal of the other side's signal for this group at this hour of the week");
        s.put(DATA_RETENTION, "age in days of the oldest usage record kept");
        s.put(POLICY_LIMIT, "analytics.raw_data_retention_days");
        return java.util.Collections.unmodifiableMap(s);
    }
}
