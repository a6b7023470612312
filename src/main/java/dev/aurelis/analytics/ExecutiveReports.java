package dev.aurelis.analytics;

import dev.aurelis.analytics.rollup.Key;
import dev.aurelis.analytics.rollup.RollupReader;
import dev.aurelis.analytics.rollup.Slice;
import dev.aurelis.analytics.rollup.Tally;
import dev.aurelis.spend.LedgerFilter;
import dev.aurelis.tenancy.TenantId;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Computes the {@link ExecutiveReport} from the usage metrics, adoption, feedback, the cost report's suggestions and
 * the organisation's declared ROI assumptions. Savings are estimates resting on the assumptions shown beside them;
 * costs are the exact AI spend plus the declared running and one-off costs.
 */
@Component
public class ExecutiveReports {

    static final String CODE_REVIEW = "code_review";
    private static final BigDecimal DAYS_PER_MONTH = new BigDecimal("30.4375");
    private static final BigDecimal SIXTY = BigDecimal.valueOf(60);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final UsageMetricsReports metrics;
    private final AdoptionReports adoption;
    private final RollupReader reader;
    private final Feedback feedback;
    private final RoiAssumptionsStore assumptions;
    private final CostReports costs;
    private final PulseSurvey survey;

    ExecutiveReports(UsageMetricsReports metrics, AdoptionReports adoption, RollupReader reader, Feedback feedback,
            RoiAssumptionsStore assumptions, CostReports costs, PulseSurvey survey) {
        this.survey = survey;
        this.metrics = metrics;
        this.adoption = adoption;
        this.reader = reader;
        this.feedback = feedback;
        this.assumptions = assumptions;
        this.costs = costs;
    }

    /**
     * What parts the report carries ({@code analytics.roi_analysis}, {@code analytics.productivity_metrics}, and the
     * {@code analytics.metrics} groups {@code code_generation_speed} and {@code developer_satisfaction}, and its
     * {@code survey_integration}).
     */
    public record Parts(boolean roi, boolean productivity, boolean speed, boolean satisfaction, boolean survey) {

        public Parts(boolean roi, boolean productivity) {
            this(roi, productivity, true, true, true);
        }

        public static Parts of(AnalyticsSettings.Policy policy) {
            return new Parts(policy.roiAnalysis(), policy.productivityMetrics(), policy.groups().speed(),
                    policy.groups().satisfaction(), policy.groups().survey());
        }
    }

    public ExecutiveReport report(String tenant, Instant from, Instant to, LedgerFilter filter,
            Map<String, Instant> provisioned, java.util.Set<String> feedbackTeams, Parts parts) {
        // The parts read different things (rollups, the month's cost report, feedback, the survey) and none needs
        // another's answer: they are computed once each, at the same time.
        UsageMetrics m;
        Adoption a;
        Feedback.Summary said;
        CostReport month;
        long reviews;
        PulseSurvey.Summary surveyed;
        // usage metrics and adoption both count people per day: one read serves both
        SharedReads reads = new SharedReads(reader);
        try (Concurrently together = new Concurrently()) {
            var metricsPart = together.start(() -> metrics.metrics(reads, tenant, from, to, filter));
            var adoptionPart = together.start(() -> adoption.adoption(reads, tenant, from, to, filter, provisioned));
            // the two short reads (reviews, feedback) share one part, so a report holds one connection for them, not two
            var monthPart = together.start(() -> costs.report(tenant, null, "team", filter == null ? null : filter.reach()));
            var reviewsAndSaidPart = together.start(() -> new ReviewsAndSaid(codeReviews(tenant, from, to, filter),
                    // with developer satisfaction off, feedback is not read: the ROI takes the declared acceptance rate
                    parts.satisfaction()
                            ? feedback.summary(tenant, from, to, feedbackTeams, metrics.zoneOf(tenant))
                            : new Feedback.Summary(0, null, 0, 0, null, List.of())));
            var surveyPart = together.start(() -> parts.satisfaction() && parts.survey()
                    ? survey.summary(tenant, from, to, feedbackTeams, filter) : null);
            m = metricsPart.join();
            a = adoptionPart.join();
            month = monthPart.join();
            ReviewsAndSaid reviewsAndSaid = reviewsAndSaidPart.join();
            reviews = reviewsAndSaid.reviews();
            said = reviewsAndSaid.said();
            surveyed = surveyPart.join();
        }
        RoiAssumptionsStore.Declared declared = assumptions.of(tenant);
        RoiAssumptions roi = declared.assumptions();

        BigDecimal months = BigDecimal.valueOf(Duration.between(from, to).toMinutes())
                .divide(DAYS_PER_MONTH.multiply(BigDecimal.valueOf(24 * 60)), 4, RoundingMode.HALF_UP);
        long answered = m.requests() - m.failedRequests();
        boolean measured = said.acceptedShare() != null;
        BigDecimal rate = measured ? said.acceptedShare() : roi.acceptanceRate();
        BigDecimal accepted = BigDecimal.valueOf(answered - reviews).multiply(rate);
        BigDecimal hours = accepted.multiply(roi.minutesSavedPerAcceptedAnswer()).divide(SIXTY, MathContext.DECIMAL64);
        BigDecimal reviewHours = BigDecimal.valueOf(reviews).multiply(roi.reviewMinutesSavedPerReview())
                .divide(SIXTY, MathContext.DECIMAL64);
        ExecutiveReport.Productivity productivity = parts.productivity() ? new ExecutiveReport.Productivity(
                answered - reviews, round(accepted), round(hours), reviews, round(reviewHours)) : null;

        ExecutiveReport.Roi roiFigures = parts.roi() ? roi(m.cost(), months, roi, hours, reviewHours) : null;
        BigDecimal suggested = month.suggestions().stream().map(CostReport.Suggestion::estimatedSavings)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        List<String> suggestions = new ArrayList<>(month.suggestions().stream().map(CostReport.Suggestion::message)
                .limit(5).toList());
        if (month.costTracking() != null && month.costTracking().untrackedCost().signum() > 0) {
            suggestions.add(0, "This month " + month.costTracking().untrackedCost().toPlainString() + " " + month.currency()
                    + " went to providers outside analytics.cost_tracking.providers ("
                    + String.join(", ", month.costTracking().untracked().stream().map(CostReport.Untracked::provider)
                            .toList()) + "): add them to the list or stop routing to them.");
        }

        long refusals = m.errors().stream().filter(e -> ErrorKinds.REFUSED.equals(e.kind()))
                .mapToLong(UsageMetrics.ErrorShare::requests).sum();
        long providerFailures = m.errors().stream().filter(e -> ErrorKinds.PROVIDER.equals(e.kind()))
                .mapToLong(UsageMetrics.ErrorShare::requests).sum();
        ExecutiveReport.BusinessMetrics business = new ExecutiveReport.BusinessMetrics(m.costEfficiency().costPerRequest(),
                m.requests() == 0 ? null : UsageMetricsReports.ratio(m.requests() - providerFailures, m.requests()),
                parts.speed() ? Long.valueOf(m.latency().p95()) : null, m.requests() == 0 ? null : UsageMetricsReports.ratio(m.failedRequests(), m.requests()));
        return new ExecutiveReport(from, to, m.timeZone(), m.currency(), months,
                parts.roi() || parts.productivity() ? new ExecutiveReport.Assumptions(roi, measured ? "feedback" : "declared",
                        rate, declared.declared()) : null,
                productivity, roiFigures, new ExecutiveReport.CostSavings(Money.exact(suggested), suggestions),
                new ExecutiveReport.AdoptionSummary(a.seats(), a.activeUsers(), a.adoptionRate(), a.newUsers()),
                new ExecutiveReport.SecurityCompliance(refusals, UsageMetricsReports.share(refusals, m.requests()),
                        "Requests refused by Aurelis' own policies (budgets, rate limits, model and task permissions, "
                                + "privacy rules). The audit trail and compliance checks report on their own."),
                business, recommendations(m, a, said, declared.declared(), suggestions, refusals, providerFailures),
                parts.satisfaction() ? new ExecutiveReport.Satisfaction(said, surveyed) : null);
    }

    private static ExecutiveReport.Roi roi(BigDecimal aiSpend, BigDecimal months, RoiAssumptions roi, BigDecimal hours,
            BigDecimal reviewHours) {
        BigDecimal developer = hours.multiply(roi.loadedHourlyCost());
        BigDecimal review = reviewHours.multiply(roi.loadedHourlyCost());
        BigDecimal subscription = roi.monthlySubscriptionCost().multiply(months);
        BigDecimal infrastructure = roi.monthlyInfrastructureCost().multiply(months);
        BigDecimal savings = developer.add(review);
        BigDecimal totalCosts = aiSpend.add(subscription).add(infrastructure).add(roi.trainingCost());
        BigDecimal net = savings.subtract(totalCosts);
        BigDecimal percentage = totalCosts.signum() == 0 ? null
                : net.multiply(HUNDRED).divide(totalCosts, 2, RoundingMode.HALF_UP);
        // the one-off training cost is paid back by the monthly benefit net of the running costs
        BigDecimal monthlyBenefit = months.signum() == 0 ? BigDecimal.ZERO
                : savings.subtract(aiSpend).subtract(subscription).subtract(infrastructure).divide(months, MathContext.DECIMAL64);
        BigDecimal payback = roi.trainingCost().signum() == 0 ? BigDecimal.ZERO
                : monthlyBenefit.signum() <= 0 ? null : roi.trainingCost().divide(monthlyBenefit, 2, RoundingMode.HALF_UP);
        return new ExecutiveReport.Roi(percentage, money(savings), money(totalCosts), money(net), payback,
                new ExecutiveReport.Breakdown(money(developer), money(review), null, null,
                        "development_velocity and quality_improvements are not measured: they need cycle-time and "
                                + "defect data Aurelis does not collect."),
                new ExecutiveReport.Costs(Money.exact(aiSpend), money(subscription), money(infrastructure),
                        Money.exact(roi.trainingCost())));
    }

    private long codeReviews(String tenant, Instant from, Instant to, LedgerFilter filter) {
        Map<List<String>, Tally> byTask = reader.aggregate(new Slice(TenantId.of(tenant), from, to,
                filter == null ? LedgerFilter.ALL : filter, List.of(Key.TASK), false)).groups();
        Tally reviews = byTask.get(List.of(CODE_REVIEW));
        return reviews == null ? 0 : reviews.requests() - reviews.failedRequests();
    }

    private static List<String> recommendations(UsageMetrics m, Adoption a, Feedback.Summary said, boolean declared,
            List<String> suggestions, long refusals, long providerFailures) {
        List<String> out = new ArrayList<>(suggestions.stream().limit(3).toList());
        if (a.adoptionRate() != null && a.adoptionRate().compareTo(new BigDecimal("0.5")) < 0) {
            out.add(a.activeUsers() + " of " + a.seats() + " provisioned people used the assistants in this period: "
                    + "look at the teams with the fewest active people (GET /api/v1/analytics/adoption) before adding seats.");
        }
        if (m.requests() > 0 && providerFailures * 20 > m.requests()) {
            out.add("Providers failed " + BigDecimal.valueOf(providerFailures * 100)
                    .divide(BigDecimal.valueOf(m.requests()), 1, RoundingMode.HALF_UP).toPlainString() + " % of requests: add a fallback deployment or check the providers page.");
        }
        if (m.requests() > 0 && refusals * 10 > m.requests()) {
            out.add("Aurelis' policies refused " + refusals + " requests: check whether budgets or rate limits are too "
                    + "tight for the work (GET /api/v1/budgets).");
        }
        if (said.meanRating() != null && said.meanRating().compareTo(new BigDecimal("3")) < 0) {
            out.add("Developers rate the answers " + said.meanRating() + " of 5 on average: read their comments and "
                    + "review the models and prompts their teams use.");
        }
        if (!declared) {
            out.add("The ROI figures use default assumptions: declare your own with PUT /api/v1/analytics/roi-assumptions.");
        }
        return out;
    }

    private static BigDecimal round(BigDecimal v) {
        return Money.exact(v.setScale(2, RoundingMode.HALF_UP));
    }

    private static BigDecimal money(BigDecimal v) {
        return Money.exact(v.setScale(4, RoundingMode.HALF_UP));
    }

    private record ReviewsAndSaid(long reviews, Feedback.Summary said) {
    }
}
