package dev.aurelis.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.AnalyticsTestBase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code analytics.dashboard_embedding}: a chart link made through the API by those allowed opens without signing
 * in, shows only what its maker reaches, may be framed by another site, stops at its expiry, cannot be altered, and
 * is refused while the setting is off.
 */
class ChartEmbedTests extends AnalyticsTestBase {

    private static final Pattern CHART = Pattern.compile("data-chart=\"([^\"]*)\"");

    @Autowired
    AnalyticsSettings settings;

    private AnalyticsSettings.Policy configured;

    @BeforeEach
    void fromNothing() {
        forgetAllUsage();
        configured = settings.policy();
        Instant now = Instant.now();
        record(exchange(now.minusSeconds(120), "ana@corp.example", "backend", "gpt-4o", "0.01"),
                exchange(now.minusSeconds(110), "ana@corp.example", "backend", "gpt-4o", "0.01"),
                exchange(now.minusSeconds(100), "cy@corp.example", "field", "gpt-4o", "0.02"));
    }

    @AfterEach
    void configurationAsLoaded() {
        settings.configure(configured);
    }

    private HttpResponse<String> open(String url) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + url)).GET().build());
    }

    private static long requestsIn(String html) {
        Matcher m = CHART.matcher(html);
        assertThat(m.find()).as(html).isTrue();
        JsonNode chart = json(m.group(1).replace("&quot;", "\"").replace("&amp;", "&"));
        assertThat(chart.path("datasets").get(0).path("label").asString()).isEqualTo("Requests");
        long sum = 0;
        for (JsonNode value : chart.path("datasets").get(0).path("data")) {
            sum += value.asLong();
        }
        return sum;
    }

    @Test
    void aSignedLinkShowsTheChartWithoutSignInAndMayBeFramed() {
        HttpResponse<String> made = admin("POST", "/api/v1/analytics/embeds",
                "{\"chart\":\"requests\",\"days\":7,\"expires_in\":\"2h\"}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        JsonNode link = json(made.body());
        String url = link.path("url").asString();
        assertThat(url).startsWith("/embed/analytics/");
        assertThat(Instant.parse(link.path("expires_at").asString()))
                .isBetween(Instant.now().plus(Duration.ofMinutes(110)), Instant.now().plus(Duration.ofMinutes(121)));

        HttpResponse<String> page = open(url);

        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(requestsIn(page.body())).isEqualTo(3);
        assertThat(page.headers().firstValue("x-frame-options")).isEmpty();
        assertThat(page.headers().firstValue("content-security-policy").orElseThrow()).contains("frame-ancestors *")
                .contains("script-src 'self'");
        assertThat(page.headers().firstValue("referrer-policy")).contains("no-referrer");
        assertThat(page.headers().firstValue("set-cookie")).as("no session").isEmpty();

        HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(baseUrl() + url))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(post.statusCode()).as("read-only").isBetween(400, 499);
    }

    @Test
    void aLinkShowsOnlyWhatItsMakerReachesAndOnlyThoseWhoMayGenerateReportsMakeOne() {
        String manager = newKey("{\"user\":\"manager-" + UUID.randomUUID() + "@corp.example\",\"team\":\"field\","
                + "\"roles\":[\"department_manager\"]}");
        HttpResponse<String> made = call(manager, "POST", "/api/v1/analytics/embeds", "{\"chart\":\"requests\"}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        assertThat(requestsIn(open(json(made.body()).path("url").asString()).body()))
                .as("the sales department's one exchange").isEqualTo(1);

        String developer = newKey("{\"user\":\"dev-" + UUID.randomUUID() + "@corp.example\",\"team\":\"backend\"}");
        assertThat(call(developer, "POST", "/api/v1/analytics/embeds", "{\"chart\":\"requests\"}").statusCode())
                .isEqualTo(403);

        HttpResponse<String> team = admin("POST", "/api/v1/analytics/embeds", "{\"chart\":\"requests\",\"team\":\"backend\"}");
        assertThat(requestsIn(open(json(team.body()).path("url").asString()).body())).isEqualTo(2);
    }

    @Test
    void anAlteredOrExpiredLinkOrOneOpenedWithEmbeddingOffIsRefused() {
        String url = json(admin("POST", "/api/v1/analytics/embeds", "{\"chart\":\"spend\",\"expires_in\":\"1s\"}").body())
                .path("url").asString();
        String token = url.substring(url.lastIndexOf('/') + 1);
        String payload = token.substring(0, token.indexOf('.'));
        char flipped = payload.charAt(5) == 'A' ? 'B' : 'A';
        String altered = payload.substring(0, 5) + flipped + payload.substring(6) + token.substring(token.indexOf('.'));
        assertThat(open("/embed/analytics/" + altered).statusCode()).isEqualTo(404);
        assertThat(open("/embed/analytics/not-a-token").statusCode()).isEqualTo(404);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> open(url).statusCode() == 410);
        assertThat(open(url).body()).contains("expired");

        String lasting = json(admin("POST", "/api/v1/analytics/embeds", "{\"chart\":\"latency\"}").body())
                .path("url").asString();
        assertThat(open(lasting).statusCode()).isEqualTo(200);
        settings.configure(withEmbedding(false));
        assertThat(open(lasting).statusCode()).as("turned off: existing links stop").isEqualTo(404);
        HttpResponse<String> refused = admin("POST", "/api/v1/analytics/embeds", "{\"chart\":\"latency\"}");
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.body()).contains("analytics.dashboard_embedding");
    }

    @Test
    void badRequestsAreRefusedWithTheReason() {
        for (String body : new String[] {"{\"chart\":\"pie\"}", "{\"chart\":\"requests\",\"expires_in\":\"31d\"}",
                "{\"chart\":\"requests\",\"days\":0}", "{\"chart\":\"requests\",\"expires_in\":\"soon\"}"}) {
            HttpResponse<String> answer = admin("POST", "/api/v1/analytics/embeds", body);
            assertThat(answer.statusCode()).as(body + " " + answer.body()).isEqualTo(400);
            assertThat(json(answer.body()).path("error").path("message").asString()).isNotBlank();
        }
    }

    private AnalyticsSettings.Policy withEmbedding(boolean on) {
        AnalyticsSettings.Policy p = configured;
        return new AnalyticsSettings.Policy(p.enabled(), p.usageTracking(), p.performanceMonitoring(),
                p.userBehaviorAnalysis(), p.executiveReports(), p.teamInsights(), p.productivityMetrics(), p.roiAnalysis(),
                p.rawRetention(), p.aggregatedRetention(), p.dataExport(), p.apiAccess(), on, p.trendAnalysis(),
                p.predictiveAnalytics(), p.roi(), p.customMetrics());
    }
}
