package dev.aurelis.analytics.rollup;

/** How finely rollups are cut in time: UTC hours, or days of the organisation's time zone. */
public enum Grain {
    HOURLY("analytics_usage_hourly", "bucket"),
    DAILY("analytics_usage_daily", "day");

    private final String table;
    private final String bucketColumn;

    Grain(String table, String bucketColumn) {
        this.table = table;
        this.bucketColumn = bucketColumn;
    }

    public String table() {
        return table;
    }

    public String bucketColumn() {
        return bucketColumn;
    }

    public String stateName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
