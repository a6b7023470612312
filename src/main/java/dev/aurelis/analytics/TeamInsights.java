package dev.aurelis.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Per-team usage, cost, success and latency over a period, with the estimated developer time saved (when
 * {@code analytics.productivity_metrics} is on) and developers' feedback. Review turnaround and pull-request metrics
 * need the workflows capability, which does not publish them yet: they are absent, not zero.
 *
 * @param satisfaction the per-request feedback
 * @param survey       the weekly pulse survey beside it, with its response rate and trend; null while
 *                     {@code developer_satisfaction.survey_integration} is off
 */
public record TeamInsights(Instant from, Instant to, String timeZone, String currency, List<Team> teams,
        Feedback.Summary satisfaction, PulseSurvey.Summary survey) {

    /**
     * @param successRate        answered exchanges over exchanges (null without requests)
     * @param codeReviews        answered exchanges of the {@code code_review} task
     * @param estimatedHoursSaved from the declared ROI assumptions; null when productivity metrics are off
     */
    public record Team(String team, String department, long requests, long failedRequests, BigDecimal successRate,
            long activeUsers, long tokens, BigDecimal cost, BigDecimal costPerRequest, Long latencyP50,
            Long latencyP95, long codeReviews, BigDecimal estimatedHoursSaved) {

        Team withoutLatency() {
            return new Team(team, department, requests, failedRequests, successRate, activeUsers, tokens, cost,
                    costPerRequest, null, null, codeReviews, estimatedHoursSaved);
        }
    }

    /**
     * Without what {@code analytics.metrics} switches off: latency ({@code code_generation_speed}) and satisfaction
     * ({@code developer_satisfaction}) are left out (null).
     */
    public TeamInsights without(boolean speed, boolean satisfaction) {
        return new TeamInsights(from, to, timeZone, currency, speed ? teams
                : teams.stream().map(Team::withoutLatency).toList(), satisfaction ? this.satisfaction : null,
                satisfaction ? survey : null);
    }
}
