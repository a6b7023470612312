package dev.aurelis.analytics;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Spend and requests projected to the end of the month and of the quarter (the organisation's time zone) from a
 * linear trend fitted to the recent daily series, with a 95 % interval from the scatter of the days around the trend.
 *
 * @param basisDays how many past days the trend was fitted to (days without usage count as zero)
 */
public record Forecast(LocalDate today, String timeZone, String currency, int basisDays, Trend dailyCost,
        Trend dailyRequests, Projection monthEnd, Projection quarterEnd) {

    /** A fitted line: value per day today and its change per day. */
    public record Trend(BigDecimal today, BigDecimal slopePerDay) {
    }

    /**
     * @param daysLeft   whole days after today until the period ends
     * @param cost       spent so far in the period plus the projection of the days left
     * @param costLow    lower end of the 95 % interval (never below what is already spent)
     * @param costHigh   upper end of the 95 % interval
     */
    public record Projection(LocalDate periodEnd, int daysLeft, BigDecimal spentSoFar, BigDecimal cost,
            BigDecimal costLow, BigDecimal costHigh, long requestsSoFar, long requests, long requestsLow,
            long requestsHigh) {
    }
}
