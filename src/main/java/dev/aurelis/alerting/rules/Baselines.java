package dev.aurelis.alerting.rules;

import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.sql.Array;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Seasonal baselines: for each signal and group, what is normal at each hour of the week (UTC), learned one sample
 * per week from the hour just past. The baseline is the median of the last eight samples, so one unusual week does
 * not move it; it exists only after {@code aurelis.alerting.baseline-min-weeks} samples (warm-up), and is never
 * below {@code aurelis.alerting.baseline-floor}, so a team that usually sends nothing does not page on a handful
 * of requests.
 */
@Component
public class Baselines {

    static final int SAMPLES = 8;

    private final JdbcClient jdbc;
    private final int minWeeks;
    private final double floor;
    private final Map<String, Map<String, double[]>> cache = new ConcurrentHashMap<>();

    Baselines(JdbcClient jdbc, @Value("${aurelis.alerting.baseline-min-weeks:2}") int minWeeks,
            @Value("${aurelis.alerting.baseline-floor:1}") double floor) {
        this.jdbc = jdbc;
        this.minWeeks = minWeeks;
        this.floor = floor;
    }

    /** The hour of the week, 0 (Monday 00:00 UTC) to 167. */
    public static int hourOfWeek(Instant at) {
        ZonedDateTime t = at.atZone(ZoneOffset.UTC);
        return (t.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue()) * 24 + t.getHour();
    }

    /**
     * Adds {@code value} as the sample of the hour that started at {@code hourStart}; a second call for the same
     * hour (another replica, a retry) changes nothing.
     */
    public void learn(TenantId tenant, String signal, String group, Instant hourStart, double value) {
        TenantContext.run(tenant, () -> jdbc.sql("""
                insert into alerting_baseline (tenant_id, signal, subject, hour_of_week, samples, updated_at)
                values (?, ?, ?, ?, array[?]::double precision[], ?)
                on conflict (tenant_id, signal, subject, hour_of_week) do update
                set samples = (alerting_baseline.samples || excluded.samples)[greatest(1, cardinality(alerting_baseline.samples) - 6):],
                    updated_at = excluded.updated_at
                where alerting_baseline.updated_at < excluded.updated_at""")
                .params(tenant.value(), signal, group, hourOfWeek(hourStart), value, Timestamp.from(hourStart))
                .update());
        cache.remove(key(tenant, signal, hourOfWeek(hourStart)));
    }

    /** The baseline of a group's signal at the hour of the week of {@code at}; empty while warming up. */
    public Optional<Double> baseline(TenantId tenant, String signal, String group, Instant at) {
        int how = hourOfWeek(at);
        double[] samples = cache.computeIfAbsent(key(tenant, signal, how), k -> load(tenant, signal, how)).get(group);
        if (samples == null || samples.length < minWeeks) {
            return Optional.empty();
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return Optional.of(Math.max(median, floor));
    }

    /** Forgets what was read, so the next reads see samples other replicas learned. */
    public void refresh() {
        cache.clear();
    }

    private Map<String, double[]> load(TenantId tenant, String signal, int how) {
        Map<String, double[]> bySubject = new HashMap<>();
        TenantContext.run(tenant, () -> jdbc.sql("select subject, samples from alerting_baseline where tenant_id = ? "
                        + "and signal = ? and hour_of_week = ?")
                .params(tenant.value(), signal, how)
                .query(rs -> {
                    Array array = rs.getArray(2);
                    Double[] values = (Double[]) array.getArray();
                    bySubject.put(rs.getString(1), Arrays.stream(values).mapToDouble(Double::doubleValue).toArray());
                }));
        return bySubject;
    }

    private static String key(TenantId tenant, String signal, int how) {
        return tenant.value() + "|" + signal + "|" + how;
    }
}
