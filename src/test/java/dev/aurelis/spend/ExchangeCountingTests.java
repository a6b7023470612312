package dev.aurelis.spend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.DefaultSpendTestBase;
import dev.aurelis.testing.Fault;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Rate limits count exchanges, not the attempts a retry adds; the documented time filters of the budgets API work. */
class ExchangeCountingTests extends DefaultSpendTestBase {

    @Test
    void aRetriedExchangeTakesOneRequestFromARateLimit() {
        // retried@spend.example may send 3 requests a minute (from the file)
        String key = newKey("retried@spend.example", "engineering");
        FAKE.failNext(1, Fault.status(503));

        HttpResponse<String> retried = openAi("/v1/chat/completions", key, chat("gpt-4o-mini", false, 16));

        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        String requestId = retried.headers().firstValue("x-aurelis-request-id").orElseThrow();
        JsonNode attempts = json(admin("GET", "/api/v1/usage?request_id=" + requestId, null).body()).path("records");
        assertThat(attempts).as("two attempts of one exchange").hasSize(2);
        assertThat(retried.headers().firstValue("x-ratelimit-remaining-requests")).contains("2");
        assertThat(openAi("/v1/chat/completions", key, chat("gpt-4o-mini", false, 16)).statusCode()).isEqualTo(200);
        assertThat(openAi("/v1/chat/completions", key, chat("gpt-4o-mini", false, 16)).statusCode()).isEqualTo(200);
        HttpResponse<String> fourth = openAi("/v1/chat/completions", key, chat("gpt-4o-mini", false, 16));
        assertThat(fourth.statusCode()).isEqualTo(429);
        assertThat(json(fourth.body()).path("error").path("code").asString()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void budgetEventsTakeHowLongAgoAsDocumented() {
        for (String since : new String[] {"7d", "24h", "30m", "2w", "2026-01-01", "2026-01-01T00:00:00Z"}) {
            HttpResponse<String> events = admin("GET", "/api/v1/budgets/events?since=" + since, null);
            assertThat(events.statusCode()).as(since + ": " + events.body()).isEqualTo(200);
            assertThat(json(events.body()).path("events").isArray()).isTrue();
        }
        int all = json(admin("GET", "/api/v1/budgets/events?limit=1000", null).body()).path("events").size();
        assertThat(json(admin("GET", "/api/v1/budgets/events?limit=1000&since=7d", null).body()).path("events"))
                .as("this run's events are all from the last week").hasSize(all);
        assertThat(json(admin("GET", "/api/v1/budgets/events?since=2099-01-01", null).body()).path("events")).isEmpty();
        HttpResponse<String> bad = admin("GET", "/api/v1/budgets/events?since=fortnight", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("how long ago: 30m, 24h, 7d, 2w");
    }
}
