package dev.aurelis.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The brief's executive report ({@code generate_executive_report}) over a period: ROI (the brief's framework:
 * {@code roi_percentage}, {@code total_savings}, {@code total_costs}, {@code net_benefit},
 * {@code payback_period_months}, breakdown), productivity gains, cost savings, adoption, security and compliance
 * signals, business metrics and recommendations. Every money figure that rests on an assumption is reported with
 * the assumptions it used; what Aurelis does not measure is null with the reason, never invented.
 *
 * @param months       the period's length in months (days over 365.25 / 12), by which monthly costs are counted
 * @param satisfaction developers' satisfaction: per-request feedback and the pulse survey; null while
 *                     {@code developer_satisfaction} is off
 */
public record ExecutiveReport(Instant from, Instant to, String timeZone, String currency, BigDecimal months,
        Assumptions assumptions, Productivity productivity, Roi roi, CostSavings costSavings, AdoptionSummary adoption,
        SecurityCompliance securityCompliance, BusinessMetrics businessMetrics, List<String> recommendations,
        Satisfaction satisfaction) {

    /**
     * @param feedback the per-request feedback ({@code POST /api/v1/feedback})
     * @param survey   the weekly pulse survey, with response rate and trend; null while
     *                 {@code developer_satisfaction.survey_integration} is off
     */
    public record Satisfaction(Feedback.Summary feedback, PulseSurvey.Summary survey) {
    }

    /**
     * @param acceptanceRateSource {@code feedback} when developers' feedback measured it, else {@code declared}
     * @param declared             whether the organisation declared its assumptions (false: the defaults)
     */
    public record Assumptions(RoiAssumptions values, String acceptanceRateSource, BigDecimal acceptanceRateUsed,
            boolean declared) {
    }

    /**
     * @param answeredRequests exchanges answered (status below 400), code reviews excluded
     * @param acceptedAnswers  answered requests times the acceptance rate used
     * @param hoursSaved       accepted answers times the minutes saved per accepted answer
     * @param reviewHoursSaved answered code-review exchanges times the review minutes saved
     */
    public record Productivity(long answeredRequests, BigDecimal acceptedAnswers, BigDecimal hoursSaved,
            long codeReviews, BigDecimal reviewHoursSaved) {
    }

    /**
     * The brief's ROI framework. {@code roiPercentage} and {@code paybackPeriodMonths} are null when there are no
     * costs or the monthly benefit is not positive.
     */
    public record Roi(BigDecimal roiPercentage, BigDecimal totalSavings, BigDecimal totalCosts, BigDecimal netBenefit,
            BigDecimal paybackPeriodMonths, Breakdown breakdown, Costs costs) {
    }

    /**
     * @param developmentVelocity null: cycle time is not measured (needs the workflows capability)
     * @param qualityImprovements null: defect rates are not measured
     */
    public record Breakdown(BigDecimal developerProductivity, BigDecimal codeReviewEfficiency,
            BigDecimal developmentVelocity, BigDecimal qualityImprovements, String notMeasured) {
    }

    /** @param aiSpend what the providers charged, every attempt (exact, from the ledger) */
    public record Costs(BigDecimal aiSpend, BigDecimal subscription, BigDecimal infrastructure, BigDecimal training) {
    }

    /**
     * @param suggestedSavings estimated monthly savings of the cost report's suggestions (a cheaper model that served
     *                         the same kind of request without errors)
     */
    public record CostSavings(BigDecimal suggestedSavings, List<String> suggestions) {
    }

    public record AdoptionSummary(long seats, long activeUsers, BigDecimal adoptionRate, long newUsers) {
    }

    /**
     * What the ledger says about policy: requests Aurelis refused (budgets, rate limits, model or task permissions,
     * privacy rules). Audit and compliance status come from those capabilities' own reports.
     */
    public record SecurityCompliance(long policyRefusals, BigDecimal refusalShare, String note) {
    }

    /**
     * @param availability share of exchanges not failed by a provider (refusals and client errors are not outages)
     */
    public record BusinessMetrics(BigDecimal costPerRequest, BigDecimal availability, Long latencyP95,
            BigDecimal errorRate) {
    }
}
