package dev.aurelis.analytics.rollup;

import dev.aurelis.spend.UsageRecord;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a rollup is broken down by: each dimension is a column of {@code analytics_dimension} and a field of the
 * ledger record it is read from. {@link #apiName()} is how reports name it ({@code group_by=cost_center}).
 */
public enum Dimension {
    USER_ID("user_id", null, r -> r.userId() == null ? null : r.userId().toString()),
    USER("user_email", "user", UsageRecord::userEmail),
    TEAM("team", "team", UsageRecord::team),
    DEPARTMENT("department", "department", UsageRecord::department),
    COST_CENTER("cost_center", "cost_center", UsageRecord::costCenter),
    PROJECT("project", "project", UsageRecord::project),
    MODEL("model", "model", UsageRecord::modelServed),
    MODEL_REQUESTED("model_requested", "model_requested", UsageRecord::modelRequested),
    PROVIDER("provider", "provider", UsageRecord::provider),
    ENDPOINT("endpoint", "endpoint", UsageRecord::endpoint),
    CLIENT_TOOL("client_tool", "client_tool", UsageRecord::clientTool),
    TASK("task", "task", UsageRecord::task),
    STATUS("status", "status", r -> Integer.toString(r.status())),
    ERROR_TYPE("error_type", "error_type", UsageRecord::errorType),
    PRICED("priced", "priced", r -> Boolean.toString(r.priced()));

    private final String column;
    private final String apiName;
    private final Function<UsageRecord, String> value;

    Dimension(String column, String apiName, Function<UsageRecord, String> value) {
        this.column = column;
        this.apiName = apiName;
        this.value = value;
    }

    /** The column of {@code analytics_dimension}. */
    public String column() {
        return column;
    }

    /** The name reports use, or null for a dimension only filters use. */
    public String apiName() {
        return apiName;
    }

    /** The record's value as text ({@code status} as digits, {@code priced} as true/false), null when absent. */
    public String of(UsageRecord record) {
        return value.apply(record);
    }

    /** The column read back as text, the same form {@link #of} gives. */
    public String selectExpression(String alias) {
        return switch (this) {
            case USER_ID, STATUS, PRICED -> alias + "." + column + "::text";
            default -> alias + "." + column;
        };
    }

    public static Optional<Dimension> byApiName(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        for (Dimension d : values()) {
            if (wanted.equals(d.apiName)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
