package dev.aurelis.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Adoption and engagement over a period: people active per day, week and month of the organisation's time zone
 * against the seats provisioned, by client tool and team, new and returning people, and how long people took from
 * being provisioned to their first request.
 *
 * @param seats          active accounts within the caller's reach (provisioned people)
 * @param activeUsers    people with at least one request in the period
 * @param adoptionRate   active people over seats (null without seats)
 * @param newUsers       active people whose first request in the ledger is in the period
 * @param returningUsers active people who had made requests before the period
 * @param workflowIntegration what the code-review workflows asked of models in the period: their accounts are not
 *                            people, so they count in none of the figures above
 */
public record Adoption(Instant from, Instant to, String timeZone, long seats, long activeUsers, BigDecimal adoptionRate,
        Long newUsers, Long returningUsers, List<Active> daily, List<Active> weekly, List<Active> monthly,
        List<Group> byClientTool, List<Group> byTeam, TimeToFirstUse timeToFirstUse,
        WorkflowIntegration workflowIntegration) {

    /** Without what {@code analytics.metrics.adoption_rates} switches off (null: left out). */
    public Adoption without(boolean featureUsage, boolean userEngagement, boolean workflows) {
        return new Adoption(from, to, timeZone, seats, activeUsers, adoptionRate, userEngagement ? newUsers : null,
                userEngagement ? returningUsers : null, userEngagement ? daily : null, userEngagement ? weekly : null,
                userEngagement ? monthly : null, featureUsage ? byClientTool : null, byTeam, timeToFirstUse,
                workflows ? workflowIntegration : null);
    }

    /** @param period a day (2026-11-03), week (its Monday) or month (2026-11) */
    public record Active(String period, long users) {
    }

    public record Group(String name, long users, long requests) {
    }

    /**
     * @param requests     model calls the workflows made
     * @param requestShare their share of every request in the period (people's and workflows'), null without any
     * @param teams        teams with people active in the period, and how many of them also had workflows call models
     * @param byWorkflow   requests per workflow (most first), with the teams it ran for
     */
    public record WorkflowIntegration(long requests, BigDecimal requestShare, long activeTeams,
            long teamsWithWorkflows, List<WorkflowUse> byWorkflow) {
    }

    public record WorkflowUse(String workflow, long requests, List<String> teams) {
    }

    /** Over people provisioned who made a first request: hours from provisioning to it (null when none). */
    public record TimeToFirstUse(long users, BigDecimal medianHours, BigDecimal p90Hours) {
    }
}
