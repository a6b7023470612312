package dev.aurelis.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.Fault;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Failures of whole answers (not streams): with a healthy deployment left, the client never sees them. */
class FailoverTests extends RoutingGatewayTestBase {

    @Test
    void retriesAServerErrorOnceThenServesFromTheNextDeployment() {
        String key = newKey("ana@example.com", "engineering");
        EAST.failAlways(Fault.status(503).withError("server_error", "east is down"));

        HttpResponse<String> response = openAi("/v1/chat/completions", key, chat("gpt-4o", false));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response.body()).at("/choices/0/message/content").asString()).isEqualTo(FakeUpstreamReply.TEXT);
        assertThat(EAST.requestCount()).isEqualTo(2);
        assertThat(WEST.requestCount()).isEqualTo(1);
        assertThat(route(response)).contains("deployment=west/gpt-4o", "attempt=3",
                "tried=east/gpt-4o 503, east/gpt-4o 503");
        List<JsonNode> rows = meteredOnce(response, 3);
        assertThat(rows).extracting(row -> row.get("status").asInt()).containsExactly(503, 503, 200);
        assertThat(rows).extracting(row -> row.get("provider").asString()).containsExactly("east", "east", "west");
        assertThat(rows.get(0).get("error_type").asString()).isEqualTo("upstream_503");
    }

    @Test
    void fallsOverAtOnceOnARateLimitAndLeavesTheDeploymentAloneUntilItsRetryAfter() {
        String key = newKey("ana@example.com", "engineering");
        EAST.failNext(Fault.status(429).withRetryAfter(Duration.ofSeconds(20)));

        HttpResponse<String> first = openAi("/v1/chat/completions", key, chat("gpt-4o", false));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(route(first)).contains("deployment=west/gpt-4o", "tried=east/gpt-4o 429");
        assertThat(EAST.requestCount()).as("no retry of a rate-limited deployment").isEqualTo(1);
        meteredOnce(first, 2);
        assertThat(health("east/gpt-4o").state()).isEqualTo("unavailable");
        assertThat(health("east/gpt-4o").coolingUntil()).isNotNull();

        HttpResponse<String> second = openAi("/v1/chat/completions", key, chat("gpt-4o", false));
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(EAST.requestCount()).as("east is paused for its retry-after").isEqualTo(1);
        meteredOnce(second, 1);

        clock.advance(Duration.ofSeconds(21));
        HttpResponse<String> third = openAi("/v1/chat/completions", key, chat("gpt-4o", false));
        assertThat(route(third)).contains("deployment=east/gpt-4o");
        assertThat(EAST.requestCount()).isEqualTo(2);
    }

    @Test
    void passesARateLimitOnToTheClientWhenNothingElseCanServe() {
        String key = newKey("ana@example.com", "engineering");
        EAST.failNext(Fault.status(429).withRetryAfter(Duration.ofSeconds(20)));

        HttpResponse<String> response = openAi("/v1/chat/completions", key, chat("lonely", false));

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).contains("20");
        assertThat(route(response)).contains("tried=east/lonely 429");
        assertThat(meteredOnce(response, 1).getFirst().get("status").asInt()).isEqualTo(429);
    }

    @Test
    void fallsOverWhenADeploymentDoesNotAnswerInTime() {
        String key = newKey("ana@example.com", "engineering");
        EAST.failNext(Fault.delayHeaders(Duration.ofSeconds(6)));

        HttpResponse<String> response = openAi("/v1/chat/completions", key, chat("gpt-4o", false));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(route(response)).contains("deployment=west/gpt-4o", "tried=east/gpt-4o timeout");
        assertThat(EAST.requestCount()).as("a timeout is not retried on the same deployment").isEqualTo(1);
        List<JsonNode> rows = meteredOnce(response, 2);
        assertThat(rows.getFirst().get("status").asInt()).isEqualTo(504);
        assertThat(rows.getFirst().get("cost").decimalValue()).isZero();
    }

    @Test
    void retriesAConnectionDroppedBeforeTheAnswerOnTheSameDeployment() {
        String key = newKey("ana@example.com", "engineering");
        EAST.failNext(Fault.dropConnection());

        HttpResponse<String> response = anthropic(key, message("claude-sonnet-4-5", false));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response.body()).at("/content/0/text").asString()).isEqualTo(FakeUpstreamReply.TEXT);
        assertThat(EAST.requestCount()).isEqualTo(2);
        assertThat(WEST.requestCount()).isZero();
        List<JsonNode> rows = meteredOnce(response, 2);
        assertThat(rows).extracting(row -> row.get("provider").asString()).containsExactly("east-claude", "east-claude");
        assertThat(rows.getFirst().get("error_type").asString()).isEqualTo("upstream");
        assertThat(rows.getLast().get("input_tokens").asLong()).isEqualTo(10);
    }

    @Test
    void fallsBackToTheFallbackModelAcrossWireFormats() {
        String key = newKey("ana@example.com", "engineering");
        EAST.failAlways(Fault.status(500));
        WEST.failAlways(Fault.status(500).onlyFor("/v1/chat/completions"));

        HttpResponse<String> response = openAi("/v1/chat/completions", key, chat("gpt-4o", false));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode completion = json(response.body());
        assertThat(completion.get("object").asString()).isEqualTo("chat.completion");
        assertThat(completion.at("/choices/0/message/content").asString()).isEqualTo(FakeUpstreamReply.TEXT);
        assertThat(route(response)).contains("model=claude-sonnet-4-5", "deployment=west-claude/claude-sonnet-4-5");
        assertThat(WEST.lastRequest().path()).isEqualTo("/v1/messages");
        List<JsonNode> rows = meteredOnce(response, 7); // two tries of each of three broken deployments, then one
        assertThat(rows.getLast().get("model_requested").asString()).isEqualTo("gpt-4o");
        assertThat(rows.getLast().get("model_served").asString()).isEqualTo("claude-sonnet-4-5");
    }

    @Test
    void movesAPromptTooLongForItsModelToOneWithALargerWindow() {
        String key = newKey("ana@example.com", "engineering");
        EAST.failNext(Fault.status(400).withError("invalid_request_error", "This model's maximum context length is "
                + "8000 tokens. However, your messages resulted in 9120 tokens. Please reduce the length of the messages."));

        HttpResponse<String> response = openAi("/v1/chat/completions", key, chat("small-context", false));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(route(response)).contains("deployment=west/large-context", "tried=east/small-context 400");
        assertThat(WEST.lastRequest().model()).isEqualTo("large-context");
        meteredOnce(response, 2);
        assertThat(health("east/small-context").failures()).as("the prompt was at fault, not the deployment").isZero();
    }

    @Test
    void relaysTheClientsOwnErrorWithoutTryingElsewhere() {
        String key = newKey("ana@example.com", "engineering");
        EAST.failNext(Fault.status(400).withError("invalid_request_error", "messages: roles must alternate"));

        HttpResponse<String> response = openAi("/v1/chat/completions", key, chat("gpt-4o", false));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).at("/error/message").asString()).isEqualTo("messages: roles must alternate");
        assertThat(WEST.requestCount()).isZero();
        meteredOnce(response, 1);
    }

    @Test
    void opensTheBreakerRefusesWhileItIsOpenAndClosesItAfterASuccessfulTrial() {
        String key = newKey("ana@example.com", "engineering");
        EAST.failAlways(Fault.status(500).withError("server_error", "broken"));

        HttpResponse<String> failing = openAi("/v1/chat/completions", key, chat("lonely", false));
        assertThat(failing.statusCode()).as("the last provider error is relayed").isEqualTo(500);
        meteredOnce(failing, 2);
        assertThat(health("east/lonely").breaker()).isEqualTo("open");

        HttpResponse<String> refused = openAi("/v1/chat/completions", key, chat("lonely", false));
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(json(refused.body()).at("/error/code").asString()).isEqualTo("deployments_unavailable");
        assertThat(refused.headers().firstValue("retry-after")).contains("30");
        assertThat(EAST.requestCount()).as("an open breaker sends nothing upstream").isEqualTo(2);

        clock.advance(Duration.ofSeconds(30));
        EAST.clearFaults();
        HttpResponse<String> trial = openAi("/v1/chat/completions", key, chat("lonely", false));
        assertThat(trial.statusCode()).isEqualTo(200);
        assertThat(health("east/lonely").breaker()).isEqualTo("closed");
        assertThat(health("east/lonely").state()).isEqualTo("healthy");
    }

    @Test
    void opensTheBreakerAgainWhenTheTrialFails() {
        String key = newKey("ana@example.com", "engineering");
        EAST.failAlways(Fault.status(502));
        openAi("/v1/chat/completions", key, chat("lonely", false));
        assertThat(health("east/lonely").breaker()).isEqualTo("open");

        clock.advance(Duration.ofSeconds(30));
        HttpResponse<String> trial = openAi("/v1/chat/completions", key, chat("lonely", false));

        assertThat(trial.statusCode()).isEqualTo(502);
        assertThat(EAST.requestCount()).as("one trial, no retry while half-open").isEqualTo(3);
        assertThat(health("east/lonely").breaker()).isEqualTo("open");
        assertThat(openAi("/v1/chat/completions", key, chat("lonely", false)).statusCode()).isEqualTo(503);
    }

    @Test
    void servesOnlyFromProvidersInsideTheDataResidency() {
        String key = newKey("ana@example.com", "engineering");

        HttpResponse<String> response = openAi("/v1/chat/completions", key, chat("eu-model", false));

        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode error = json(response.body()).get("error");
        assertThat(error.get("code").asString()).isEqualTo("data_residency");
        assertThat(error.get("message").asString()).contains("'US'", "eu/eu-model (region eu-west)", "providers[].region");
        assertThat(route(response)).isEqualTo("task=general (none); requested=eu-model; refused=data_residency");
        assertThat(WEST.requestCount()).isZero();
    }

    @Test
    void servesARequestThatMustStayOnPremiseOnlyOnPremise() {
        String key = newKey("ana@example.com", "engineering");

        HttpResponse<String> refused = openAi("/v1/chat/completions", key, chat("gpt-4o", false),
                "x-aurelis-on-premise", "true");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused.body()).at("/error/message").asString()).contains("only be served on premise");

        HttpResponse<String> local = openAi("/v1/chat/completions", key, chat("local-coder", false),
                "x-aurelis-on-premise", "true");
        assertThat(local.statusCode()).isEqualTo(200);
        assertThat(route(local)).contains("deployment=local/local-coder");
    }

    /** The fake's default answer. */
    static final class FakeUpstreamReply {
        static final String TEXT = dev.aurelis.testing.FakeUpstream.DEFAULT_REPLY;
    }
}
