package dev.aurelis.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.analytics.rollup.Rollups;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.testing.AnalyticsTestBase;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code analytics.raw_data_retention_days: 90} drops ledger records and hourly rollups older than 90 days;
 * {@code aggregated_data_retention_days: 730} keeps the daily rollups, so reports over whole days still count what
 * the ledger no longer holds.
 */
class RetentionTests extends AnalyticsTestBase {

    @Autowired
    RollupJob job;
    @Autowired
    Rollups rollups;

    @BeforeEach
    void clean() {
        forgetAllUsage();
    }

    private long count(String sql, Instant before) {
        return JdbcClient.create(system).sql(sql).params(TENANT, Timestamp.from(before)).query(Long.class).single();
    }

    @Test
    void rawRecordsAndHourlyRollupsExpireWhileDailyRollupsStay() {
        Instant now = Instant.now();
        Instant old = now.minus(Duration.ofDays(100)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(12));
        record(exchange(old, "ana@corp.example", "backend", "gpt-4o", "1.5"),
                exchange(now.minus(Duration.ofDays(80)), "ana@corp.example", "backend", "gpt-4o", "0.25"),
                exchange(now.minus(Duration.ofDays(1)), "bo@corp.example", "infra", "gpt-4o", "0.125"));
        settled();
        rollups.catchUp(TenantId.of(TENANT));

        job.applyRetention(now);

        Instant cutoff = now.minus(Duration.ofDays(90));
        assertThat(count("select count(*) from spend_usage where tenant_id = ? and created_at < ?", cutoff)).isZero();
        assertThat(count("select count(*) from spend_usage where tenant_id = ? and created_at >= ?", cutoff)).isEqualTo(2);
        assertThat(count("select count(*) from analytics_usage_hourly where tenant_id = ? and bucket < ?", cutoff)).isZero();
        assertThat(count("select count(*) from analytics_usage_daily where tenant_id = ? and day < ?::date", cutoff))
                .isPositive();
        // whole days are still reported from the daily rollups
        String from = now.minus(Duration.ofDays(120)).atZone(java.time.ZoneId.of(ZONE)).toLocalDate()
                .atStartOfDay(java.time.ZoneId.of(ZONE)).toInstant().toString();
        assertThat(json(admin("GET", "/api/v1/usage?from=" + from + "&limit=0", null).body()).path("totals")
                .path("cost").decimalValue()).isEqualByComparingTo("1.875");
    }
}
