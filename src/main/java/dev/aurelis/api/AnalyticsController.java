package dev.aurelis.api;

import dev.aurelis.access.AccessDenied;
import dev.aurelis.access.Permission;
import dev.aurelis.analytics.Baseline;
import dev.aurelis.analytics.BaselineReports;
import dev.aurelis.analytics.Adoption;
import dev.aurelis.analytics.AdoptionReports;
import dev.aurelis.analytics.AnalyticsCsv;
import dev.aurelis.analytics.AnalyticsSettings;
import dev.aurelis.analytics.ChartEmbeds;
import dev.aurelis.analytics.CodeQuality;
import dev.aurelis.analytics.CustomMetrics;
import dev.aurelis.analytics.ExecutiveReport;
import dev.aurelis.analytics.ExecutiveReports;
import dev.aurelis.analytics.Forecast;
import dev.aurelis.analytics.RoiAssumptions;
import dev.aurelis.analytics.RoiAssumptionsStore;
import dev.aurelis.analytics.TeamInsights;
import dev.aurelis.analytics.TeamInsightsReports;
import dev.aurelis.analytics.TrendReports;
import dev.aurelis.analytics.Trends;
import dev.aurelis.analytics.UsageMetrics;
import dev.aurelis.analytics.UsageMetricsReports;
import dev.aurelis.identity.AdminCallers;
import dev.aurelis.identity.Caller;
import dev.aurelis.identity.Durations;
import dev.aurelis.spend.LedgerFilter;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/analytics/...}: usage metrics, performance, adoption, team insights, the executive report and the
 * ROI assumptions, in JSON or CSV ({@code format=csv} or {@code Accept: text/csv}), over what the caller's permission
 * reaches (as the usage API). Each part answers only when its {@code analytics.*} setting is on; API keys are
 * answered only with {@code analytics.api_access}, CSV only with {@code analytics.data_export}. Periods default to
 * the last 30 days.
 */
@RestController
class AnalyticsController {

    private static final Duration DEFAULT_PERIOD = Duration.ofDays(30);
    private static final Duration LONGEST_PERIOD = Duration.ofDays(3 * 366);

    private final AnalyticsSettings settings;
    private final UsageMetricsReports usage;
    private final AdoptionReports adoption;
    private final TeamInsightsReports teams;
    private final ExecutiveReports executive;
    private final RoiAssumptionsStore assumptions;
    private final TrendReports trendReports;
    private final ReportReach reach;
    private final ChartEmbeds embeds;
    private final CustomMetrics customMetrics;
    private final CodeQuality codeQuality;
    private final BaselineReports baselines;
    private final Clock clock;

    AnalyticsController(AnalyticsSettings settings, UsageMetricsReports usage, AdoptionReports adoption,
            TeamInsightsReports teams, ExecutiveReports executive, RoiAssumptionsStore assumptions,
            TrendReports trendReports, ReportReach reach, ChartEmbeds embeds, CustomMetrics customMetrics, CodeQuality codeQuality, BaselineReports baselines,
            Optional<Clock> clock) {
        this.codeQuality = codeQuality;
        this.baselines = baselines;
        this.embeds = embeds;
        this.customMetrics = customMetrics;
        this.trendReports = trendReports;
        this.settings = settings;
        this.usage = usage;
        this.adoption = adoption;
        this.teams = teams;
        this.executive = executive;
        this.assumptions = assumptions;
        this.reach = reach;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** The ROI assumptions a client sends; absent figures take the defaults. */
    record AssumptionsBody(BigDecimal minutesSavedPerAcceptedAnswer, BigDecimal acceptanceRate,
            BigDecimal loadedHourlyCost, BigDecimal monthlySubscriptionCost, BigDecimal monthlyInfrastructureCost,
            BigDecimal trainingCost, BigDecimal reviewMinutesSavedPerReview) {
    }

    @GetMapping("/api/v1/analytics/usage")
    ResponseEntity<?> usage(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String team, @RequestParam(required = false) String user,
            @RequestParam(required = false) String model, @RequestParam(required = false) String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Caller caller = allowed(null);
        Period p = period(from, to);
        boolean csv = csv(format, accept);
        UsageMetrics m = usage.metrics(caller.tenantId().value(), p.from(), p.to(),
                filter(caller, Permission.USAGE_READ, team, user, model));
        if (!settings.policy().performanceMonitoring() || !settings.policy().groups().speed()) {
            // latency, time to first token and error rates are the performance part (and latency the speed group)
            m = new UsageMetrics(m.from(), m.to(), m.timeZone(), m.currency(), m.requests(), m.failedRequests(),
                    m.successRate(), m.uniqueUsers(), m.tokens(), m.cost(), m.unpricedRequests(), m.costEfficiency(),
                    null, null, m.models(), null, m.peakHours(),
                    m.days().stream().map(UsageMetrics.Day::withoutLatency).toList());
        }
        return answer(csv, "analytics-usage", m, AnalyticsCsv::usage);
    }

    @GetMapping("/api/v1/analytics/performance")
    ResponseEntity<?> performance(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String team, @RequestParam(required = false) String model,
            @RequestParam(required = false) String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Caller caller = allowed(!settings.policy().performanceMonitoring() ? "performance_monitoring"
                : settings.policy().groups().speed() ? null : "metrics.code_generation_speed.enabled");
        Period p = period(from, to);
        boolean csv = csv(format, accept);
        UsageMetrics m = usage.metrics(caller.tenantId().value(), p.from(), p.to(),
                filter(caller, Permission.USAGE_READ, team, null, model));
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("from", m.from());
        body.put("to", m.to());
        body.put("time_zone", m.timeZone());
        body.put("requests", m.requests());
        body.put("failed_requests", m.failedRequests());
        body.put("success_rate", m.successRate());
        body.put("latency", m.latency());
        body.put("first_token", m.firstToken());
        body.put("errors", m.errors());
        body.put("days", m.days());
        return answer(csv, "analytics-performance", m, AnalyticsCsv::performance, body);
    }

    @GetMapping("/api/v1/analytics/adoption")
    ResponseEntity<?> adoption(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String team, @RequestParam(required = false) String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Caller caller = allowed(settings.policy().userBehaviorAnalysis() ? null : "user_behavior_analysis");
        Period p = period(from, to);
        boolean csv = csv(format, accept);
        Adoption a = adoption.adoption(caller.tenantId().value(), p.from(), p.to(),
                filter(caller, Permission.USAGE_READ, team, null, null), reach.seats(caller, team))
                .without(settings.policy().groups().featureUsage(), settings.policy().groups().userEngagement(),
                        settings.policy().groups().workflowIntegration());
        return answer(csv, "analytics-adoption", a, AnalyticsCsv::adoption);
    }

    @GetMapping("/api/v1/analytics/teams")
    ResponseEntity<?> teams(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Caller caller = allowed(settings.policy().teamInsights() ? null : "team_insights");
        Period p = period(from, to);
        boolean csv = csv(format, accept);
        TeamInsights insights = teams.insights(caller.tenantId().value(), p.from(), p.to(),
                filter(caller, Permission.USAGE_READ, null, null, null), reach.teams(caller, Permission.USAGE_READ),
                settings.policy().productivityMetrics(), settings.policy().groups().survey())
                .without(settings.policy().groups().speed(), settings.policy().groups().satisfaction());
        return answer(csv, "analytics-teams", insights, AnalyticsCsv::teams);
    }

    @GetMapping("/api/v1/analytics/executive-report")
    ResponseEntity<?> executive(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Caller caller = allowed(settings.policy().executiveReports() ? null : "executive_reports");
        Period p = period(from, to);
        boolean csv = csv(format, accept);
        ExecutiveReport report = executive.report(caller.tenantId().value(), p.from(), p.to(),
                filter(caller, Permission.REPORTS_VIEW, null, null, null), reach.seats(caller, null),
                reach.teams(caller, Permission.REPORTS_VIEW),
                ExecutiveReports.Parts.of(settings.policy()));
        return answer(csv, "analytics-executive-report", report, AnalyticsCsv::executive);
    }

    @GetMapping("/api/v1/analytics/trends")
    Trends trends(@RequestParam(defaultValue = "12") int weeks, @RequestParam(required = false) String team) {
        Caller caller = allowed(settings.policy().trendAnalysis() ? null : "advanced_features.trend_analysis");
        Trends trends = trendReports.trends(caller.tenantId().value(), weeks,
                filter(caller, Permission.USAGE_READ, team, null, null));
        return settings.policy().groups().speedTrend() ? trends : trends.withoutLatency();
    }

    @GetMapping("/api/v1/analytics/baseline")
    Baseline baseline(@RequestParam(required = false) String team) {
        AnalyticsSettings.Groups groups = settings.policy().groups();
        Caller caller = allowed(!settings.policy().performanceMonitoring() ? "performance_monitoring"
                : !groups.speed() ? "metrics.code_generation_speed.enabled"
                : groups.speedBaseline() ? null : "metrics.code_generation_speed.baseline_measurement");
        return baselines.baseline(caller.tenantId().value(), filter(caller, Permission.USAGE_READ, team, null, null));
    }

    @GetMapping("/api/v1/analytics/forecast")
    Forecast forecast(@RequestParam(required = false) String team) {
        Caller caller = allowed(settings.policy().predictiveAnalytics() ? null : "advanced_features.predictive_analytics");
        return trendReports.forecast(caller.tenantId().value(), filter(caller, Permission.USAGE_READ, team, null, null));
    }

    /** A chart link to make: which chart, over how many days, of one team, valid for how long ({@code 12h}, {@code 7d}). */
    record EmbedBody(String chart, Integer days, String team, String expiresIn) {
    }

    /**
     * A signed, expiring, read-only link to one console chart ({@code analytics.dashboard_embedding}). It shows what
     * the maker's {@code usage:read} reaches, to whoever holds it, until it expires.
     */
    @PostMapping("/api/v1/analytics/embeds")
    ResponseEntity<Map<String, Object>> embed(@RequestBody(required = false) EmbedBody body) {
        Caller caller = allowed(settings.policy().dashboardEmbedding() ? null : "dashboard_embedding");
        if (body == null) {
            throw new IllegalArgumentException("Send the chart as JSON, e.g. {\"chart\": \"requests\", \"days\": 14, "
                    + "\"expires_in\": \"7d\"}.");
        }
        String team = blank(body.team());
        LedgerFilter filter = filter(caller, Permission.USAGE_READ, team, null, null);
        ChartEmbeds.Link link = embeds.create(caller.tenantId().value(), body.chart(), body.days(), team,
                filter.reach(), caller.email(), body.expiresIn() == null || body.expiresIn().isBlank() ? null
                        : Durations.parse(body.expiresIn()));
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("url", "/embed/analytics/" + link.token());
        answer.put("chart", body.chart());
        answer.put("expires_at", link.expiresAt());
        return ResponseEntity.status(201).contentType(MediaType.APPLICATION_JSON).body(answer);
    }

    /**
     * Findings of the code-review workflows per repository, severity and week ({@code analytics.code_quality_metrics}),
     * for the teams the caller's {@code usage:read} reaches, with their quality scores when
     * {@code code_quality_scores.automated_analysis} is on.
     */
    @GetMapping("/api/v1/analytics/code-quality")
    CodeQuality.Report codeQuality(@RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String repository) {
        Caller caller = allowed(!settings.policy().codeQualityMetrics() ? "code_quality_metrics"
                : settings.policy().groups().codeQuality() ? null : "metrics.code_quality_scores.enabled");
        Period p = period(from, to);
        CodeQuality.Report report = codeQuality.report(caller.tenantId().value(), p.from(), p.to(), blank(repository),
                reach.teams(caller, Permission.USAGE_READ), usage.zoneOf(caller.tenantId().value()));
        report = settings.policy().groups().qualityScore() ? report : report.withoutScores();
        return settings.policy().groups().codeQualityTrend() ? report : report.withoutWeeks();
    }

    /**
     * The organisation's custom metrics ({@code analytics.custom_metrics}) with what they have observed: the figures
     * {@code /metrics} shows as {@code aurelis_custom_<name>}. A caller whose {@code usage:read} reaches only some
     * teams sees the metrics broken down by team, with the series of those teams.
     */
    @GetMapping("/api/v1/analytics/custom-metrics")
    Map<String, Object> customMetrics() {
        Caller caller = allowed(null);
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("since", customMetrics.since());
        answer.put("metrics", customMetrics.snapshot(caller.tenantId().value(),
                reach.teams(caller, Permission.USAGE_READ)));
        return answer;
    }

    @GetMapping("/api/v1/analytics/roi-assumptions")
    Map<String, Object> roiAssumptions() {
        Caller caller = allowed(settings.policy().roiAnalysis() ? null : "roi_analysis");
        RoiAssumptionsStore.Declared declared = assumptions.of(caller.tenantId().value());
        return Map.of("assumptions", declared.assumptions(), "declared", declared.declared());
    }

    @PutMapping("/api/v1/analytics/roi-assumptions")
    Map<String, Object> declareRoiAssumptions(@RequestBody(required = false) AssumptionsBody body) {
        Caller caller = allowed(settings.policy().roiAnalysis() ? null : "roi_analysis");
        if (body == null) {
            throw new IllegalArgumentException("Send the assumptions as JSON, e.g. {\"loaded_hourly_cost\": 90}.");
        }
        RoiAssumptions saved = assumptions.save(caller.tenantId().value(), new RoiAssumptions(
                body.minutesSavedPerAcceptedAnswer(), body.acceptanceRate(), body.loadedHourlyCost(),
                body.monthlySubscriptionCost(), body.monthlyInfrastructureCost(), body.trainingCost(),
                body.reviewMinutesSavedPerReview()), caller.email());
        return Map.of("assumptions", saved, "declared", true);
    }

    /**
     * The caller, when analytics and the part asked for are on and the caller may use the API this way.
     *
     * @param offSetting the {@code analytics.*} setting that turns the part on, when it is off
     */
    private Caller allowed(String offSetting) {
        AnalyticsSettings.Policy policy = settings.policy();
        if (!policy.enabled()) {
            throw new NoSuchElementException("Analytics is turned off: set analytics.enabled: true to use this API.");
        }
        if (offSetting != null) {
            throw new NoSuchElementException("This part of analytics is turned off: set "
                    + (offSetting.startsWith("advanced_features.") ? "" : "analytics.") + offSetting + ": true.");
        }
        Caller caller = AdminCallers.current();
        if (caller.keyId() != null && !policy.apiAccess()) {
            throw new AccessDenied("The analytics API answers people signed in to Aurelis; set analytics.api_access: true "
                    + "to let API keys read it.");
        }
        return caller;
    }

    private boolean csv(String format, String accept) {
        boolean csv = ReportFormat.wantsCsv(format, accept);
        if (csv && !settings.policy().dataExport()) {
            throw new AccessDenied("Analytics export as CSV is turned off: set analytics.data_export: true.");
        }
        return csv;
    }

    private record Period(Instant from, Instant to) {
    }

    private Period period(String from, String to) {
        Instant end = to == null || to.isBlank() ? clock.instant() : Durations.parseInstant(to);
        Instant start = from == null || from.isBlank() ? end.minus(DEFAULT_PERIOD) : Durations.parseInstant(from);
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("'from' must be before 'to'.");
        }
        if (Duration.between(start, end).compareTo(LONGEST_PERIOD) > 0) {
            throw new IllegalArgumentException("A period is at most three years long.");
        }
        return new Period(start, end);
    }

    private LedgerFilter filter(Caller caller, String permission, String team, String user, String model) {
        return new LedgerFilter(blank(user), blank(team), null, null, null, blank(model), null, reach.of(caller, permission));
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static <T> ResponseEntity<?> answer(boolean csv, String name, T report, Function<T, String> toCsv) {
        return answer(csv, name, report, toCsv, report);
    }

    private static <T> ResponseEntity<?> answer(boolean csv, String name, T report, Function<T, String> toCsv, Object json) {
        if (csv) {
            return ReportFormat.csv(name, toCsv.apply(report));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json);
    }
}
