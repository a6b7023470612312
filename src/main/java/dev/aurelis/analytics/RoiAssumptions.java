package dev.aurelis.analytics;

import java.math.BigDecimal;

/**
 * What the return on investment rests on: the organisation's own declared figures, never measured by Aurelis.
 * Every ROI figure is reported beside the assumptions it used. Money is in the pricing currency.
 *
 * @param minutesSavedPerAcceptedAnswer developer time one accepted answer saves
 * @param acceptanceRate                share of answered exchanges whose answer is used, when no feedback says
 *                                      (feedback with {@code accepted} replaces it with the measured share)
 * @param loadedHourlyCost              what an hour of a developer costs the organisation, all included
 * @param monthlySubscriptionCost       licences and support for Aurelis and the assistants, per month
 * @param monthlyInfrastructureCost     servers, database, network, per month
 * @param trainingCost                  one-off cost of rolling the assistants out (counted once, for the payback)
 * @param reviewMinutesSavedPerReview   reviewer time one answered code-review exchange saves
 */
public record RoiAssumptions(BigDecimal minutesSavedPerAcceptedAnswer, BigDecimal acceptanceRate,
        BigDecimal loadedHourlyCost, BigDecimal monthlySubscriptionCost, BigDecimal monthlyInfrastructureCost,
        BigDecimal trainingCost, BigDecimal reviewMinutesSavedPerReview) {

    private static final BigDecimal DEFAULT_MINUTES = new BigDecimal("5");
    private static final BigDecimal DEFAULT_ACCEPTANCE = new BigDecimal("0.3");
    private static final BigDecimal DEFAULT_HOURLY_COST = new BigDecimal("75");
    private static final BigDecimal DEFAULT_REVIEW_MINUTES = new BigDecimal("10");

    /** Deliberately modest figures, reported as defaults until the organisation declares its own. */
    public static final RoiAssumptions DEFAULTS = new RoiAssumptions(null, null, null, null, null, null, null);

    /** Missing figures take the defaults; negative or absurd ones are refused. */
    public RoiAssumptions {
        minutesSavedPerAcceptedAnswer = valid(minutesSavedPerAcceptedAnswer, DEFAULT_MINUTES,
                "minutes_saved_per_accepted_answer");
        acceptanceRate = valid(acceptanceRate, DEFAULT_ACCEPTANCE, "acceptance_rate");
        if (acceptanceRate.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("'acceptance_rate' must be between 0 and 1.");
        }
        loadedHourlyCost = valid(loadedHourlyCost, DEFAULT_HOURLY_COST, "loaded_hourly_cost");
        monthlySubscriptionCost = valid(monthlySubscriptionCost, BigDecimal.ZERO, "monthly_subscription_cost");
        monthlyInfrastructureCost = valid(monthlyInfrastructureCost, BigDecimal.ZERO, "monthly_infrastructure_cost");
        trainingCost = valid(trainingCost, BigDecimal.ZERO, "training_cost");
        reviewMinutesSavedPerReview = valid(reviewMinutesSavedPerReview, DEFAULT_REVIEW_MINUTES,
                "review_minutes_saved_per_review");
    }

    private static BigDecimal valid(BigDecimal value, BigDecimal fallback, String name) {
        BigDecimal v = value == null ? fallback : value;
        if (v.signum() < 0) {
            throw new IllegalArgumentException("'" + name + "' must not be negative.");
        }
        if (v.compareTo(new BigDecimal("1000000000")) > 0) {
            throw new IllegalArgumentException("'" + name + "' is out of range.");
        }
        return v;
    }
}
