package dev.aurelis.analytics;

import dev.aurelis.analytics.rollup.Key;
import dev.aurelis.analytics.rollup.RollupReader;
import dev.aurelis.analytics.rollup.Slice;
import dev.aurelis.analytics.rollup.Tally;
import dev.aurelis.spend.LedgerFilter;
import dev.aurelis.tenancy.TenantId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The speed baseline (docs/analytics.md): read from the rollups each time, so it follows the ledger exactly; the
 * first day is the earliest one the rollups still hold (daily rollups are kept for
 * {@code aggregated_data_retention_days}).
 */
@Component
public class BaselineReports {

    private final RollupReader reader;
    private final Clock clock;

    BaselineReports(RollupReader reader, Optional<Clock> clock) {
        this.reader = reader;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    public Baseline baseline(String tenant, LedgerFilter filter) {
        TenantId id = TenantId.of(tenant);
        ZoneId zone = reader.zoneOf(id);
        LedgerFilter f = filter == null ? LedgerFilter.ALL : filter;
        Optional<LocalDate> first = reader.aggregate(new Slice(id, null, null, f, List.of(Key.DAY), false)).groups()
                .entrySet().stream().filter(e -> e.getValue().requests() > 0).map(e -> LocalDate.parse(e.getKey().get(0)))
                .min(LocalDate::compareTo);
        if (first.isEmpty()) {
            return new Baseline("no_data", zone.getId(), null, null, null);
        }
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate baselineEnd = first.get().plusDays(Baseline.DAYS - 1L);
        Baseline.Period baseline = period(id, zone, f, first.get(), baselineEnd.isAfter(today) ? today : baselineEnd);
        if (!baselineEnd.isBefore(today)) {
            return new Baseline("measuring", zone.getId(), baseline, null, null);
        }
        LocalDate currentStart = today.minusDays(Baseline.DAYS - 1L);
        if (!currentStart.isAfter(baselineEnd)) {
            return new Baseline("measured", zone.getId(), baseline, null, null);
        }
        Baseline.Period current = period(id, zone, f, currentStart, today);
        return new Baseline("measured", zone.getId(), baseline, current, new Baseline.Change(
                change(baseline.latencyP50(), current.latencyP50()), change(baseline.latencyP95(), current.latencyP95()),
                change(baseline.firstTokenP95(), current.firstTokenP95()),
                change(baseline.requestsPerUserPerDay(), current.requestsPerUserPerDay())));
    }

    private Baseline.Period period(TenantId id, ZoneId zone, LedgerFilter filter, LocalDate from, LocalDate to) {
        Slice slice = new Slice(id, from.atStartOfDay(zone).toInstant(), to.plusDays(1).atStartOfDay(zone).toInstant(),
                filter, List.of(), true);
        Tally t = reader.aggregate(slice).total();
        long people = reader.aggregate(slice.counted(List.of(Key.USER))).groups().values().stream()
                .filter(u -> u.requests() > 0).count();
        long days = to.toEpochDay() - from.toEpochDay() + 1;
        BigDecimal perPersonPerDay = people == 0 ? null : BigDecimal.valueOf(t.requests())
                .divide(BigDecimal.valueOf(people * days), 2, RoundingMode.HALF_UP);
        boolean answered = t.latencyCount() > 0;
        boolean streamed = t.firstTokenCount() > 0;
        return new Baseline.Period(from, to, t.requests(), people, perPersonPerDay,
                answered ? t.latencyPercentile(50) : null, answered ? t.latencyPercentile(95) : null,
                streamed ? t.firstTokenPercentile(50) : null, streamed ? t.firstTokenPercentile(95) : null,
                t.requests() == 0 ? null : UsageMetricsReports.ratio(t.requests() - t.failedRequests(), t.requests()));
    }

    private static BigDecimal change(Number before, Number now) {
        if (before == null || now == null) {
            return null;
        }
        BigDecimal b = new BigDecimal(before.toString());
        return b.signum() == 0 ? null
                : Money.exact(new BigDecimal(now.toString()).subtract(b).divide(b, 4, RoundingMode.HALF_UP));
    }
}
