package dev.aurelis.analytics;

import dev.aurelis.analytics.rollup.Key;
import dev.aurelis.analytics.rollup.RollupReader;
import dev.aurelis.analytics.rollup.Slice;
import dev.aurelis.analytics.rollup.Tally;
import dev.aurelis.spend.Budgets;
import dev.aurelis.spend.LedgerFilter;
import dev.aurelis.tenancy.TenantId;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Computes {@link TeamInsights} from the rollups (with latency sketches), feedback and the ROI assumptions. */
@Component
public class TeamInsightsReports {

    private static final BigDecimal SIXTY = BigDecimal.valueOf(60);

    private final RollupReader reader;
    private final Budgets budgets;
    private final Feedback feedback;
    private final RoiAssumptionsStore assumptions;
    private final PulseSurvey survey;

    TeamInsightsReports(RollupReader reader, Budgets budgets, Feedback feedback, RoiAssumptionsStore assumptions,
            PulseSurvey survey) {
        this.survey = survey;
        this.reader = reader;
        this.budgets = budgets;
        this.feedback = feedback;
        this.assumptions = assumptions;
    }

    /**
     * @param feedbackTeams the teams whose feedback the caller may read (null: every team)
     * @param productivity  whether to estimate the time saved ({@code analytics.productivity_metrics})
     * @param withSurvey    whether to show the pulse survey's answers ({@code developer_satisfaction.survey_integration})
     */
    public TeamInsights insights(String tenant, Instant from, Instant to, LedgerFilter filter, Set<String> feedbackTeams,
            boolean productivity, boolean withSurvey) {
        TenantId id = TenantId.of(tenant);
        Slice slice = new Slice(id, from, to, filter == null ? LedgerFilter.ALL : filter, List.of(Key.TEAM), true);
        RollupReader.Answer byTeam = reader.aggregate(slice);
        Map<String, Long> active = new HashMap<>();
        reader.aggregate(slice.counted(List.of(Key.TEAM, Key.USER))).groups().forEach((k, t) -> {
            if (t.requests() > 0) {
                active.merge(String.valueOf(k.get(0)), 1L, Long::sum);
            }
        });
        Map<String, String> department = new HashMap<>();
        Map<String, Long> reviews = new HashMap<>();
        Map<String, Long> answered = new HashMap<>();
        reader.aggregate(slice.counted(List.of(Key.TEAM, Key.DEPARTMENT, Key.TASK))).groups().forEach((k, t) -> {
            String team = String.valueOf(k.get(0));
            if (k.get(1) != null) {
                department.putIfAbsent(team, k.get(1));
            }
            long ok = t.requests() - t.failedRequests();
            if (ExecutiveReports.CODE_REVIEW.equals(k.get(2))) {
                reviews.merge(team, ok, Long::sum);
            } else {
                answered.merge(team, ok, Long::sum);
            }
        });
        RoiAssumptions roi = assumptions.of(tenant).assumptions();
        Feedback.Summary said = feedback.summary(tenant, from, to, feedbackTeams, byTeam.zone());
        BigDecimal rate = said.acceptedShare() != null ? said.acceptedShare() : roi.acceptanceRate();

        List<TeamInsights.Team> teams = new ArrayList<>();
        byTeam.groups().forEach((k, t) -> {
            String team = String.valueOf(k.get(0));
            long reviewCount = reviews.getOrDefault(team, 0L);
            BigDecimal hours = productivity ? BigDecimal.valueOf(answered.getOrDefault(team, 0L)).multiply(rate)
                    .multiply(roi.minutesSavedPerAcceptedAnswer())
                    .add(BigDecimal.valueOf(reviewCount).multiply(roi.reviewMinutesSavedPerReview()))
                    .divide(SIXTY, 2, java.math.RoundingMode.HALF_UP) : null;
            teams.add(new TeamInsights.Team(k.get(0), department.get(team), t.requests(), t.failedRequests(),
                    t.requests() == 0 ? null : UsageMetricsReports.ratio(t.requests() - t.failedRequests(), t.requests()),
                    active.getOrDefault(team, 0L), UsageMetricsReports.tokens(t), Money.exact(t.cost()),
                    t.requests() == 0 ? null : Money.derived(t.cost().divide(BigDecimal.valueOf(t.requests()), MathContext.DECIMAL64)),
                    t.latencyPercentile(50), t.latencyPercentile(95), reviewCount, hours == null ? null : Money.exact(hours)));
        });
        teams.sort(Comparator.comparing(TeamInsights.Team::cost).reversed()
                .thenComparing(t -> t.team() == null ? "" : t.team()));
        PulseSurvey.Summary surveyed = withSurvey ? survey.summary(tenant, from, to, feedbackTeams, filter) : null;
        return new TeamInsights(from, to, byTeam.zone().getId(), budgets.policy().currency(), List.copyOf(teams), said,
                surveyed);
    }

    static long answered(Tally t) {
        return t.requests() - t.failedRequests();
    }
}
