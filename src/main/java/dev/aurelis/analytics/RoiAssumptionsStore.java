package dev.aurelis.analytics;

import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The ROI assumptions each organisation declared through the API ({@code analytics_roi_assumptions}); figures it
 * left out take {@link RoiAssumptions}' defaults, and the configuration's declared figures (if any) come first.
 */
@Component
public class RoiAssumptionsStore {

    private final JdbcClient jdbc;
    private final AnalyticsSettings settings;

    RoiAssumptionsStore(JdbcClient jdbc, AnalyticsSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** The assumptions in force for {@code tenant}, and whether the organisation declared them. */
    public record Declared(RoiAssumptions assumptions, boolean declared) {
    }

    public Declared of(String tenant) {
        Optional<RoiAssumptions> stored = TenantContext.call(TenantId.of(tenant), () -> jdbc.sql("""
                select minutes_saved_per_accepted_answer, acceptance_rate, loaded_hourly_cost,
                       monthly_subscription_cost, monthly_infrastructure_cost, training_cost,
                       review_minutes_saved_per_review
                from analytics_roi_assumptions where tenant_id = ?""").param(tenant)
                .query((rs, n) -> new RoiAssumptions(rs.getBigDecimal(1), rs.getBigDecimal(2), rs.getBigDecimal(3),
                        rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getBigDecimal(7)))
                .optional());
        return stored.map(a -> new Declared(a, true))
                .orElseGet(() -> new Declared(settings.policy().roi(), settings.policy().roi() != RoiAssumptions.DEFAULTS));
    }

    /** Replaces the organisation's assumptions (validated by {@link RoiAssumptions}). */
    public RoiAssumptions save(String tenant, RoiAssumptions a, String by) {
        TenantContext.run(TenantId.of(tenant), () -> jdbc.sql("""
                insert into analytics_roi_assumptions (tenant_id, minutes_saved_per_accepted_answer, acceptance_rate,
                    loaded_hourly_cost, monthly_subscription_cost, monthly_infrastructure_cost, training_cost,
                    review_minutes_saved_per_review, updated_at, updated_by)
                values (?, ?, ?, ?, ?, ?, ?, ?, now(), ?)
                on conflict (tenant_id) do update set
                    minutes_saved_per_accepted_answer = excluded.minutes_saved_per_accepted_answer,
                    acceptance_rate = excluded.acceptance_rate, loaded_hourly_cost = excluded.loaded_hourly_cost,
                    monthly_subscription_cost = excluded.monthly_subscription_cost,
                    monthly_infrastructure_cost = excluded.monthly_infrastructure_cost,
                    training_cost = excluded.training_cost,
                    review_minutes_saved_per_review = excluded.review_minutes_saved_per_review,
                    updated_at = now(), updated_by = excluded.updated_by""")
                .params(tenant, a.minutesSavedPerAcceptedAnswer(), a.acceptanceRate(), a.loadedHourlyCost(),
                        a.monthlySubscriptionCost(), a.monthlyInfrastructureCost(), a.trainingCost(),
                        a.reviewMinutesSavedPerReview(), by)
                .update());
        return a;
    }
}
