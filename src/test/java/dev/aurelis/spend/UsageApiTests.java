package dev.aurelis.spend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayTestBase;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class UsageApiTests extends GatewayTestBase {

    private static final String CHAT = """
            {"model":"%s","messages":[{"role":"user","content":"hi"}]}""";

    @Test
    void groupsAndTotalsUsageByAnyDimension() {
        Instant start = Instant.now().minusSeconds(1);
        FAKE.usage(1000, 100);
        String ann = newKey("{\"user\":\"ann@usage.example\",\"team\":\"engineering\",\"project\":\"apollo\"}");
        String bob = newKey("bob@usage.example", "restricted");
        openAi("/v1/chat/completions", ann, CHAT.formatted("gpt-4o-mini"));
        openAi("/v1/chat/completions", ann, CHAT.formatted("gpt-4o-mini"));
        openAi("/v1/chat/completions", bob, CHAT.formatted("gpt-4o-mini"));

        HttpResponse<String> response = admin("GET", "/api/v1/usage?from=" + start + "&group_by=user,model&user=", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response.body());
        JsonNode annGroup = body.path("groups").valueStream()
                .filter(g -> g.path("key").path("user").asString().equals("ann@usage.example")).findFirst().orElseThrow();
        assertThat(annGroup.path("key").path("model").asString()).isEqualTo("gpt-4o-mini");
        assertThat(annGroup.path("totals").path("requests").asLong()).isEqualTo(2);
        assertThat(annGroup.path("totals").path("input_tokens").asLong()).isEqualTo(2000);
        // 2 × (1000 × 0.15 + 100 × 0.60) per million
        assertThat(new BigDecimal(annGroup.path("totals").path("cost").asString())).isEqualByComparingTo("0.00042");

        JsonNode byTeam = json(admin("GET", "/api/v1/usage?from=" + start + "&team=restricted", null).body());
        assertThat(byTeam.path("totals").path("requests").asLong()).isEqualTo(1);
        assertThat(byTeam.path("records").get(0).path("user").asString()).isEqualTo("bob@usage.example");

        JsonNode byProject = json(admin("GET", "/api/v1/usage?from=" + start + "&project=apollo&group_by=cost_center&limit=0", null).body());
        assertThat(byProject.path("records")).isEmpty();
        assertThat(byProject.path("groups").get(0).path("key").path("cost_center").asString()).isEqualTo("APOLLO-1");
        assertThat(byProject.path("totals").path("requests").asLong()).isEqualTo(2);
    }

    @Test
    void rejectsAnUnknownDimensionAndBadTimes() {
        assertThat(admin("GET", "/api/v1/usage?group_by=colour", null).body()).contains("Cannot group by 'colour'");
        assertThat(admin("GET", "/api/v1/usage?from=yesterday", null).statusCode()).isEqualTo(400);
        assertThat(admin("GET", "/api/v1/usage?from=2026-02-01&to=2026-01-01", null).statusCode()).isEqualTo(400);
        assertThat(admin("GET", "/api/v1/usage?limit=5000", null).statusCode()).isEqualTo(400);
    }
}
