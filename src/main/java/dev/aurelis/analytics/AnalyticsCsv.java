package dev.aurelis.analytics;

import java.math.BigDecimal;
import java.util.List;

/** The analytics answers as CSV (RFC 4180, CRLF lines, money as plain decimals): one table per answer. */
public final class AnalyticsCsv {

    private AnalyticsCsv() {
    }

    /** The daily series of the usage metrics. */
    public static String usage(UsageMetrics m) {
        StringBuilder out = line(new StringBuilder(), "date", "requests", "failed_requests", "tokens", "cost", "currency",
                "active_users", "latency_p50_ms", "latency_p95_ms", "latency_p99_ms");
        for (UsageMetrics.Day d : m.days()) {
            line(out, d.date(), d.requests(), d.failedRequests(), d.tokens(), Money.plain(d.cost()), m.currency(),
                    d.activeUsers(), d.p50(), d.p95(), d.p99());
        }
        return out.toString();
    }

    /** Errors by kind and type, then the daily latency. */
    public static String performance(UsageMetrics m) {
        StringBuilder out = line(new StringBuilder(), "kind", "error_type", "requests", "share");
        for (UsageMetrics.ErrorShare e : m.errors()) {
            line(out, e.kind(), e.errorType(), e.requests(), e.share());
        }
        out.append("\r\n");
        line(out, "date", "requests", "failed_requests", "latency_p50_ms", "latency_p95_ms", "latency_p99_ms");
        for (UsageMetrics.Day d : m.days()) {
            line(out, d.date(), d.requests(), d.failedRequests(), d.p50(), d.p95(), d.p99());
        }
        return out.toString();
    }

    /** Active people per period, then per client tool and team. */
    public static String adoption(Adoption a) {
        StringBuilder out = line(new StringBuilder(), "grain", "period_or_name", "active_users", "requests");
        // parts an analytics.metrics group switched off are null
        java.util.Objects.requireNonNullElse(a.daily(), List.<Adoption.Active>of())
                .forEach(p -> line(out, "day", p.period(), p.users(), ""));
        java.util.Objects.requireNonNullElse(a.weekly(), List.<Adoption.Active>of())
                .forEach(p -> line(out, "week", p.period(), p.users(), ""));
        java.util.Objects.requireNonNullElse(a.monthly(), List.<Adoption.Active>of())
                .forEach(p -> line(out, "month", p.period(), p.users(), ""));
        java.util.Objects.requireNonNullElse(a.byClientTool(), List.<Adoption.Group>of())
                .forEach(g -> line(out, "client_tool", g.name(), g.users(), g.requests()));
        a.byTeam().forEach(g -> line(out, "team", g.name(), g.users(), g.requests()));
        if (a.workflowIntegration() != null) {
            // a workflow is no person: its "active_users" column is empty
            a.workflowIntegration().byWorkflow().forEach(w -> line(out, "workflow", w.workflow(), "", w.requests()));
        }
        return out.toString();
    }

    public static String teams(TeamInsights t) {
        StringBuilder out = line(new StringBuilder(), "team", "department", "requests", "failed_requests", "success_rate",
                "active_users", "tokens", "cost", "currency", "cost_per_request", "latency_p50_ms", "latency_p95_ms",
                "code_reviews", "estimated_hours_saved");
        for (TeamInsights.Team r : t.teams()) {
            line(out, r.team(), r.department(), r.requests(), r.failedRequests(), r.successRate(), r.activeUsers(),
                    r.tokens(), Money.plain(r.cost()), t.currency(), r.costPerRequest(), r.latencyP50(), r.latencyP95(),
                    r.codeReviews(), r.estimatedHoursSaved());
        }
        return out.toString();
    }

    /** The report's figures as {@code section,figure,value} rows, assumptions included. */
    public static String executive(ExecutiveReport r) {
        StringBuilder out = line(new StringBuilder(), "section", "figure", "value");
        line(out, "period", "from", r.from());
        line(out, "period", "to", r.to());
        line(out, "period", "months", r.months());
        line(out, "period", "currency", r.currency());
        if (r.assumptions() != null) {
            RoiAssumptions a = r.assumptions().values();
            line(out, "assumptions", "minutes_saved_per_accepted_answer", a.minutesSavedPerAcceptedAnswer());
            line(out, "assumptions", "acceptance_rate_used", r.assumptions().acceptanceRateUsed());
            line(out, "assumptions", "acceptance_rate_source", r.assumptions().acceptanceRateSource());
            line(out, "assumptions", "loaded_hourly_cost", a.loadedHourlyCost());
            line(out, "assumptions", "monthly_subscription_cost", a.monthlySubscriptionCost());
            line(out, "assumptions", "monthly_infrastructure_cost", a.monthlyInfrastructureCost());
            line(out, "assumptions", "training_cost", a.trainingCost());
            line(out, "assumptions", "review_minutes_saved_per_review", a.reviewMinutesSavedPerReview());
        }
        if (r.productivity() != null) {
            line(out, "productivity", "answered_requests", r.productivity().answeredRequests());
            line(out, "productivity", "accepted_answers", r.productivity().acceptedAnswers());
            line(out, "productivity", "hours_saved", r.productivity().hoursSaved());
            line(out, "productivity", "code_reviews", r.productivity().codeReviews());
            line(out, "productivity", "review_hours_saved", r.productivity().reviewHoursSaved());
        }
        if (r.roi() != null) {
            line(out, "roi", "roi_percentage", r.roi().roiPercentage());
            line(out, "roi", "total_savings", r.roi().totalSavings());
            line(out, "roi", "total_costs", r.roi().totalCosts());
            line(out, "roi", "net_benefit", r.roi().netBenefit());
            line(out, "roi", "payback_period_months", r.roi().paybackPeriodMonths());
            line(out, "roi", "developer_productivity", r.roi().breakdown().developerProductivity());
            line(out, "roi", "code_review_efficiency", r.roi().breakdown().codeReviewEfficiency());
            line(out, "roi", "ai_spend", r.roi().costs().aiSpend());
        }
        line(out, "cost_savings", "suggested_savings", r.costSavings().suggestedSavings());
        line(out, "adoption", "seats", r.adoption().seats());
        line(out, "adoption", "active_users", r.adoption().activeUsers());
        line(out, "adoption", "adoption_rate", r.adoption().adoptionRate());
        line(out, "security_compliance", "policy_refusals", r.securityCompliance().policyRefusals());
        line(out, "business_metrics", "cost_per_request", r.businessMetrics().costPerRequest());
        line(out, "business_metrics", "availability", r.businessMetrics().availability());
        line(out, "business_metrics", "latency_p95_ms", r.businessMetrics().latencyP95());
        line(out, "business_metrics", "error_rate", r.businessMetrics().errorRate());
        if (r.satisfaction() != null) {
            line(out, "satisfaction", "feedback_responses", r.satisfaction().feedback().responses());
            line(out, "satisfaction", "feedback_mean_rating", r.satisfaction().feedback().meanRating());
            PulseSurvey.Summary survey = r.satisfaction().survey();
            if (survey != null) {
                line(out, "satisfaction", "survey_respondents", survey.respondents());
                line(out, "satisfaction", "survey_active_people", survey.activePeople());
                line(out, "satisfaction", "survey_response_rate", survey.responseRate());
                line(out, "satisfaction", "survey_mean_satisfaction", survey.meanSatisfaction());
            }
        }
        for (String recommendation : r.recommendations()) {
            line(out, "recommendations", "", recommendation);
        }
        return out.toString();
    }

    private static StringBuilder line(StringBuilder out, Object... cells) {
        for (int i = 0; i < cells.length; i++) {
            Object c = cells[i];
            String text = c == null ? "" : c instanceof BigDecimal d ? d.toPlainString() : c.toString();
            out.append(i == 0 ? "" : ",").append(Csv.field(text));
        }
        return out.append("\r\n");
    }

}
