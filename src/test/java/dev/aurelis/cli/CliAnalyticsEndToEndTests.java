package dev.aurelis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.spend.UsageRecord;
import dev.aurelis.testing.AnalyticsTestBase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The analytics and feedback commands against a real running server with every analytics feature on. */
class CliAnalyticsEndToEndTests extends AnalyticsTestBase {

    private CliRun aurelis(String... args) {
        return CliRun.aurelis(baseUrl(), ADMIN_KEY, Map.of(), args);
    }

    private static CliRun ok(CliRun run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run;
    }

    @Test
    void readsEveryReportAsJsonTableOrCsv() {
        for (String report : new String[] {"usage", "performance", "adoption", "teams", "executive", "trends",
                "forecast", "custom-metrics", "roi-assumptions"}) {
            assertThat(ok(aurelis("analytics", report, "-o", "json")).json().isObject()).as(report).isTrue();
            assertThat(ok(aurelis("analytics", report)).out()).as(report).isNotBlank();
        }
        assertThat(ok(aurelis("analytics", "usage", "--from", "2026-01-01", "--to", "2026-02-01", "-o", "json")).json()
                .path("from").asString()).startsWith("2026-01-01");
        assertThat(ok(aurelis("analytics", "teams", "--csv")).out()).contains(",");

        // off in this configuration: the server names the setting
        CliRun off = aurelis("analytics", "code-quality");
        assertThat(off.exitCode()).isEqualTo(1);
        assertThat(off.err()).contains("analytics.code_quality_metrics: true");

        CliRun badPeriod = aurelis("analytics", "usage", "--from", "yesterday-ish");
        assertThat(badPeriod.exitCode()).isEqualTo(1);
        assertThat(badPeriod.err()).startsWith("error: ").contains("yesterday-ish");
    }

    @Test
    void declaresRoiAssumptionsAndMakesAChartLink() {
        JsonNode declared = ok(aurelis("analytics", "roi-assumptions", "set", "--loaded-hourly-cost", "95",
                "-o", "json")).json();
        assertThat(declared.path("assumptions").path("loaded_hourly_cost").decimalValue()).isEqualByComparingTo("95");
        assertThat(ok(aurelis("analytics", "roi-assumptions")).out()).startsWith("Declared assumptions:").contains("95");

        CliRun link = ok(aurelis("analytics", "embed", "--chart", "requests", "--days", "14", "--expires-in", "1d"));
        assertThat(link.out()).contains(baseUrl() + "/embed/analytics/");

        CliRun badChart = aurelis("analytics", "embed", "--chart", "no-such-chart");
        assertThat(badChart.exitCode()).isEqualTo(1);
        assertThat(badChart.err()).startsWith("error: 'chart' must be one of requests");
    }

    @Test
    void recordsFeedbackOnOnesOwnRequest() {
        String email = "cli-fb-" + UUID.randomUUID() + "@corp.example";
        UsageRecord mine = exchange(Instant.now().minus(1, ChronoUnit.HOURS), email, "backend", "gpt-4o", "0.01");
        record(mine);
        String key = newKey(email, "backend");

        CliRun given = ok(aurelis("feedback", mine.requestId(), "--rating", "4", "--accepted", "--comment", "close",
                "--admin-key", key));
        assertThat(given.out()).isEqualTo("Recorded feedback on " + mine.requestId() + ".\n");

        CliRun notMine = aurelis("feedback", "req-someone-elses", "--rating", "4", "--admin-key", key);
        assertThat(notMine.exitCode()).isEqualTo(1);
        assertThat(notMine.err()).contains("No request 'req-someone-elses' of yours");
    }
}
