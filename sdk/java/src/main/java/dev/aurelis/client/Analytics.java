package dev.aurelis.client;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/analytics/...}: each report answers only when its {@code analytics.*} setting is on and API access
 * ({@code analytics.api_access}) is allowed; otherwise the server's refusal arrives as an {@link AurelisApiException}.
 * Periods are dates or ISO instants; null takes the server's default (the last 30 days).
 */
public final class Analytics {

    private static final String PATH = "/api/v1/analytics/";

    private final Transport transport;

    Analytics(Transport transport) {
        this.transport = transport;
    }

    /** Which records a report covers; null fields are not filtered on (not every report takes every filter). */
    public record Filter(String from, String to, String team, String user, String model) {

        public static Filter lastThirtyDays() {
            return new Filter(null, null, null, null, null);
        }

        public static Filter between(String from, String to) {
            return new Filter(from, to, null, null, null);
        }

        public Filter ofTeam(String team) {
            return new Filter(from, to, team, user, model);
        }

        public Filter ofUser(String user) {
            return new Filter(from, to, team, user, model);
        }

        public Filter ofModel(String model) {
            return new Filter(from, to, team, user, model);
        }

        Query query() {
            return Query.of().with("from", from).with("to", to).with("team", team).with("user", user)
                    .with("model", model);
        }
    }

    public record Tokens(long input, long cached, long cacheWrite, long output, long reasoning, long total) {
    }

    /** Milliseconds; null parts of a report mean the server leaves them out (their setting is off). */
    public record Latency(long p50, long p95, long p99, long mean, long samples) {
    }

    public record ModelShare(String model, long requests, BigDecimal cost, BigDecimal share) {
    }

    public record ErrorShare(String kind, String errorType, long requests, BigDecimal share) {
    }

    public record UsageMetrics(Instant from, Instant to, String timeZone, String currency, long requests,
            long failedRequests, BigDecimal successRate, long uniqueUsers, Tokens tokens, BigDecimal cost,
            long unpricedRequests, Latency latency, Latency firstToken, List<ModelShare> models,
            List<ErrorShare> errors) {
    }

    public record Performance(Instant from, Instant to, String timeZone, long requests, long failedRequests,
            BigDecimal successRate, Latency latency, Latency firstToken, List<ErrorShare> errors) {
    }

    public record Active(String period, long users) {
    }

    public record Adoption(Instant from, Instant to, String timeZone, long seats, long activeUsers,
            BigDecimal adoptionRate, Long newUsers, Long returningUsers, List<Active> daily, List<Active> weekly,
            List<Active> monthly) {
    }

    public record TeamInsight(String team, String department, long requests, long failedRequests,
            BigDecimal successRate, long activeUsers, long tokens, BigDecimal cost, BigDecimal costPerRequest,
            Long latencyP50, Long latencyP95, long codeReviews, BigDecimal estimatedHoursSaved) {
    }

    public record TeamInsights(Instant from, Instant to, String timeZone, String currency, List<TeamInsight> teams) {
    }

    public record Roi(BigDecimal roiPercentage, BigDecimal totalSavings, BigDecimal totalCosts, BigDecimal netBenefit,
            BigDecimal paybackPeriodMonths) {
    }

    public record Productivity(long answeredRequests, BigDecimal acceptedAnswers, BigDecimal hoursSaved,
            long codeReviews, BigDecimal reviewHoursSaved) {
    }

    public record AdoptionSummary(long seats, long activeUsers, BigDecimal adoptionRate, long newUsers) {
    }

    public record ExecutiveReport(Instant from, Instant to, String timeZone, String currency, BigDecimal months,
            Productivity productivity, Roi roi, AdoptionSummary adoption, List<String> recommendations) {
    }

    public record Week(LocalDate week, long requests, BigDecimal cost, long activeUsers, Long latencyP95,
            BigDecimal errorRate, BigDecimal requestsChange, BigDecimal costChange, BigDecimal activeUsersChange) {
    }

    public record Slopes(BigDecimal requests, BigDecimal cost, BigDecimal activeUsers) {
    }

    public record Trends(String timeZone, String currency, List<Week> weeks, Slopes slopePerWeek) {
    }

    public record Trend(BigDecimal today, BigDecimal slopePerDay) {
    }

    public record Projection(LocalDate periodEnd, int daysLeft, BigDecimal spentSoFar, BigDecimal cost,
            BigDecimal costLow, BigDecimal costHigh, long requestsSoFar, long requests, long requestsLow,
            long requestsHigh) {
    }

    public record Forecast(LocalDate today, String timeZone, String currency, int basisDays, Trend dailyCost,
            Trend dailyRequests, Projection monthEnd, Projection quarterEnd) {
    }

    public record Counts(long reviews, long findings, long critical, long high, long medium, long low, long info) {
    }

    public record RepositoryQuality(String repository, Counts counts) {
    }

    public record CodeQuality(Instant from, Instant to, String timeZone, Counts totals,
            List<RepositoryQuality> repositories) {
    }

    public record MetricPoint(Map<String, String> dimensions, Long count, Double sum, Double mean, Double max,
            Double value) {
    }

    public record CustomMetric(String name, String type, String source, Map<String, String> filter,
            List<String> dimensions, String value, String description, List<MetricPoint> series) {
    }

    public record CustomMetrics(Instant since, List<CustomMetric> metrics) {
    }

    /** The figures the executive report's ROI rests on; a null figure keeps its default. */
    public record RoiAssumptions(BigDecimal minutesSavedPerAcceptedAnswer, BigDecimal acceptanceRate,
            BigDecimal loadedHourlyCost, BigDecimal monthlySubscriptionCost, BigDecimal monthlyInfrastructureCost,
            BigDecimal trainingCost, BigDecimal reviewMinutesSavedPerReview) {

        public static RoiAssumptions none() {
            return new RoiAssumptions(null, null, null, null, null, null, null);
        }

        public RoiAssumptions withLoadedHourlyCost(BigDecimal cost) {
            return new RoiAssumptions(minutesSavedPerAcceptedAnswer, acceptanceRate, cost, monthlySubscriptionCost,
                    monthlyInfrastructureCost, trainingCost, reviewMinutesSavedPerReview);
        }

        public RoiAssumptions withAcceptanceRate(BigDecimal rate) {
            return new RoiAssumptions(minutesSavedPerAcceptedAnswer, rate, loadedHourlyCost, monthlySubscriptionCost,
                    monthlyInfrastructureCost, trainingCost, reviewMinutesSavedPerReview);
        }
    }

    /** @param declared whether the organisation declared them (false: all defaults) */
    public record DeclaredAssumptions(RoiAssumptions assumptions, boolean declared) {
    }

    /** A chart link to make: which chart ({@code requests}, {@code cost}…), over how many days, of one team. */
    public record NewEmbed(String chart, Integer days, String team, String expiresIn) {
    }

    /** @param url the link's path on the server, e.g. {@code /embed/analytics/<token>} */
    public record Embed(String url, String chart, Instant expiresAt) {
    }

    /** The reports that also come as CSV ({@code analytics.data_export}). */
    public enum Report {
        USAGE("usage"), PERFORMANCE("performance"), ADOPTION("adoption"), TEAMS("teams"),
        EXECUTIVE_REPORT("executive-report");

        private final String path;

        Report(String path) {
            this.path = path;
        }
    }

    public UsageMetrics usage(Filter filter) {
        return transport.get(PATH + "usage", filter.query(), UsageMetrics.class);
    }

    public Performance performance(Filter filter) {
        return transport.get(PATH + "performance", filter.query(), Performance.class);
    }

    public Adoption adoption(Filter filter) {
        return transport.get(PATH + "adoption", filter.query(), Adoption.class);
    }

    public TeamInsights teams(Filter filter) {
        return transport.get(PATH + "teams", filter.query(), TeamInsights.class);
    }

    public ExecutiveReport executiveReport(Filter filter) {
        return transport.get(PATH + "executive-report", filter.query(), ExecutiveReport.class);
    }

    /** One of the reports as CSV. */
    public String csv(Report report, Filter filter) {
        return transport.text(PATH + report.path, filter.query().with("format", "csv"), "text/csv");
    }

    /** Week by week over the last {@code weeks} weeks (null for 12), of one team or all. */
    public Trends trends(Integer weeks, String team) {
        return transport.get(PATH + "trends", Query.of().with("weeks", weeks).with("team", team), Trends.class);
    }

    public Forecast forecast(String team) {
        return transport.get(PATH + "forecast", Query.of().with("team", team), Forecast.class);
    }

    public CodeQuality codeQuality(String from, String to, String repository) {
        return transport.get(PATH + "code-quality", Query.of().with("from", from).with("to", to)
                .with("repository", repository), CodeQuality.class);
    }

    public CustomMetrics customMetrics() {
        return transport.get(PATH + "custom-metrics", Query.of(), CustomMetrics.class);
    }

    public DeclaredAssumptions roiAssumptions() {
        return transport.get(PATH + "roi-assumptions", Query.of(), DeclaredAssumptions.class);
    }

    public DeclaredAssumptions declareRoiAssumptions(RoiAssumptions assumptions) {
        return transport.json("PUT", PATH + "roi-assumptions", Query.of(), assumptions, DeclaredAssumptions.class);
    }

    /** A signed, expiring, read-only link to one console chart ({@code analytics.dashboard_embedding}). */
    public Embed embed(NewEmbed embed) {
        return transport.json("POST", PATH + "embeds", Query.of(), embed, Embed.class);
    }
}
