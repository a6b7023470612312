package dev.aurelis.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.spend.UsageRecord;
import dev.aurelis.testing.AnalyticsTestBase;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Adoption from the person cube: active people per day, week and month (weeks and months are unions of days, not
 * sums), by client tool and team, new and returning people.
 */
class AdoptionTests extends AnalyticsTestBase {

    private static final ZoneId KOLKATA = ZoneId.of(ZONE);

    private LocalDate monday;

    @BeforeEach
    void fromNothing() {
        forgetAllUsage();
        monday = LocalDate.now(KOLKATA).minusDays(30).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    private Instant at(int day, int hour) {
        return monday.plusDays(day).atTime(hour, 15).atZone(KOLKATA).toInstant();
    }

    private static UsageRecord withTool(UsageRecord r, String tool) {
        return new UsageRecord(r.id(), r.tenantId(), r.createdAt(), r.requestId(), r.userId(), r.userEmail(), r.keyId(),
                r.team(), r.department(), r.costCenter(), r.project(), r.modelRequested(), r.modelServed(),
                r.providerModel(), r.provider(), r.endpoint(), tool, r.streamed(), r.usage(), r.cost(), r.currency(),
                r.priced(), r.status(), r.errorType(), r.latencyMs(), r.firstTokenMs(), r.task(), r.route(), r.attempt(),
                r.retried(), r.usageEstimate(), r.privacy());
    }

    @Test
    void peoplePerPeriodToolAndTeamAreCountedOnceEach() {
        record(exchange(at(-3, 10), "bo@corp.example", "infra", "gpt-4o", "0.01"), // before the period: bo returns
                exchange(at(0, 9), "ana@corp.example", "backend", "gpt-4o", "0.01"),
                exchange(at(0, 11), "ana@corp.example", "backend", "gpt-4o", "0.01"),
                exchange(at(1, 10), "bo@corp.example", "infra", "gpt-4o", "0.01"),
                withTool(exchange(at(8, 10), "ana@corp.example", "backend", "gpt-4o", "0.01"), "codex"),
                withTool(exchange(at(9, 10), "cy@corp.example", "field", "gpt-4o", "0.01"), "codex"));
        Instant from = monday.atStartOfDay(KOLKATA).toInstant();
        Instant to = from.plus(Duration.ofDays(14));

        JsonNode a = json(admin("GET", "/api/v1/analytics/adoption?from=" + from + "&to=" + to, null).body());

        assertThat(a.path("active_users").asLong()).isEqualTo(3);
        assertThat(a.path("new_users").asLong()).isEqualTo(2);
        assertThat(a.path("returning_users").asLong()).isEqualTo(1);
        assertThat(periods(a.path("daily"))).isEqualTo(Map.of(monday.toString(), 1L, monday.plusDays(1).toString(), 1L,
                monday.plusDays(8).toString(), 1L, monday.plusDays(9).toString(), 1L));
        assertThat(periods(a.path("weekly"))).as("ana counts once in her week")
                .isEqualTo(Map.of(monday.toString(), 2L, monday.plusWeeks(1).toString(), 2L));
        Map<String, Long> months = new LinkedHashMap<>();
        for (int day : new int[] {0, 1, 8, 9}) {
            months.merge(monday.plusDays(day).toString().substring(0, 7), 0L, Long::sum);
        }
        long monthsSeen = periods(a.path("monthly")).values().stream().mapToLong(Long::longValue).sum();
        assertThat(periods(a.path("monthly")).keySet()).isEqualTo(months.keySet());
        assertThat(monthsSeen).as("3 people, one month or two").isBetween(3L, 5L);
        assertThat(groups(a.path("by_client_tool"))).isEqualTo(Map.of("claude-code", "2/3", "codex", "2/2"));
        assertThat(groups(a.path("by_team"))).isEqualTo(Map.of("backend", "1/3", "infra", "1/1", "field", "1/1"));
    }

    @Test
    void workflowsCallingModelsAreReportedApartAndAreNoPeople() {
        record(exchange(at(0, 9), "ana@corp.example", "backend", "gpt-4o", "0.01"),
                exchange(at(1, 9), "bo@corp.example", "infra", "gpt-4o", "0.01"),
                exchange(at(0, 10), "workflow.security-review@workflows.aurelis", "backend", "gpt-4o", "0.01"),
                exchange(at(0, 11), "workflow.security-review@workflows.aurelis", "backend", "gpt-4o", "0.01"),
                exchange(at(1, 10), "workflow.security-review@workflows.aurelis", "infra", "gpt-4o", "0.01"),
                exchange(at(2, 10), "workflow.docs@workflows.aurelis", "backend", "gpt-4o", "0.01"));
        Instant from = monday.atStartOfDay(KOLKATA).toInstant();
        String period = "?from=" + from + "&to=" + from.plus(Duration.ofDays(7));

        JsonNode a = json(admin("GET", "/api/v1/analytics/adoption" + period, null).body());

        assertThat(a.path("active_users").asLong()).as("two people; the workflows are nobody").isEqualTo(2);
        assertThat(a.path("new_users").asLong()).isEqualTo(2);
        assertThat(periods(a.path("daily")).values()).containsOnly(1L);
        assertThat(groups(a.path("by_team"))).isEqualTo(Map.of("backend", "1/1", "infra", "1/1"));
        JsonNode workflows = a.path("workflow_integration");
        assertThat(workflows.path("requests").asLong()).isEqualTo(4);
        assertThat(workflows.path("request_share").decimalValue()).isEqualByComparingTo("0.6667");
        assertThat(workflows.path("active_teams").asLong()).isEqualTo(2);
        assertThat(workflows.path("teams_with_workflows").asLong()).isEqualTo(2);
        assertThat(workflows.path("by_workflow").get(0).path("workflow").asString()).isEqualTo("security-review");
        assertThat(workflows.path("by_workflow").get(0).path("requests").asLong()).isEqualTo(3);
        assertThat(workflows.path("by_workflow").get(0).path("teams").toString()).isEqualTo("[\"backend\",\"infra\"]");
        assertThat(workflows.path("by_workflow").get(1).path("workflow").asString()).isEqualTo("docs");
        assertThat(admin("GET", "/api/v1/analytics/adoption" + period + "&format=csv", null).body())
                .contains("workflow,security-review,,3");
    }

    private static Map<String, Long> periods(JsonNode list) {
        Map<String, Long> out = new LinkedHashMap<>();
        list.forEach(p -> out.put(p.path("period").asString(), p.path("users").asLong()));
        return out;
    }

    private static Map<String, String> groups(JsonNode list) {
        Map<String, String> out = new LinkedHashMap<>();
        list.forEach(g -> out.put(g.path("name").asString(), g.path("users").asLong() + "/" + g.path("requests").asLong()));
        return out;
    }
}
