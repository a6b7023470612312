package dev.aurelis.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.Fault;
import dev.aurelis.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Streams: a failure before the first token is retried or failed over without the client seeing it; after the
 * first token the stream ends with an error event in the client's own format.
 */
class StreamFailoverTests extends RoutingGatewayTestBase {

    @Test
    void retriesAnOpenAiStreamThatBreaksBeforeItsFirstTokenWithoutTheClientNoticing() {
        String key = newKey("bo@example.com", "engineering");
        EAST.failNext(Fault.dropMidStream(1)); // the role-only opening chunk, then nothing

        HttpResponse<String> response = openAi("/v1/chat/completions", key, chat("gpt-4o", true));

        assertThat(response.statusCode()).isEqualTo(200);
        List<String[]> events = events(response.body());
        assertThat(openAiText(events)).isEqualTo(FakeUpstream.DEFAULT_REPLY);
        assertThat(events).filteredOn(e -> e[1].contains("\"role\"")).as("one opening chunk").hasSize(1);
        assertThat(response.body()).doesNotContain("\"error\"");
        assertThat(events.getLast()[1]).isEqualTo("[DONE]");
        assertThat(route(response)).contains("deployment=east/gpt-4o", "attempt=2", "tried=east/gpt-4o broken_stream");
        List<JsonNode> rows = meteredOnce(response, 2);
        assertThat(rows.getFirst().get("error_type").asString()).isEqualTo("stream_interrupted");
    }

    @Test
    void failsAnAnthropicStreamThatKeepsBreakingBeforeItsFirstTokenOverToAnotherDeployment() {
        String key = newKey("bo@example.com", "engineering");
        EAST.failAlways(Fault.dropMidStream(2)); // message_start and content_block_start, then nothing

        HttpResponse<String> response = anthropic(key, message("claude-sonnet-4-5", true));

        assertThat(response.statusCode()).isEqualTo(200);
        List<String[]> events = events(response.body());
        assertThat(events).filteredOn(e -> "message_start".equals(e[0])).hasSize(1);
        assertThat(events).noneMatch(e -> "error".equals(e[0]));
        assertThat(anthropicText(events)).isEqualTo(FakeUpstream.DEFAULT_REPLY);
        assertThat(events.getLast()[0]).isEqualTo("message_stop");
        assertThat(route(response)).contains("deployment=west-claude/claude-sonnet-4-5");
        List<JsonNode> rows = meteredOnce(response, 3);
        // the broken attempts had reported their input in message_start: those tokens are charged
        assertThat(rows.getFirst().get("input_tokens").asLong()).isEqualTo(FakeUpstream.DEFAULT_INPUT_TOKENS);
        assertThat(rows.getFirst().get("cost").decimalValue()).isPositive();
    }

    @Test
    void retriesWhenTheProviderReportsAnErrorBeforeTheFirstToken() {
        String key = newKey("bo@example.com", "engineering");
        EAST.failNext(Fault.errorEventMidStream(1).withError("overloaded_error", "Overloaded"));

        HttpResponse<String> response = anthropic(key, message("claude-sonnet-4-5", true));

        List<String[]> events = events(response.body());
        assertThat(events).noneMatch(e -> "error".equals(e[0]));
        assertThat(anthropicText(events)).isEqualTo(FakeUpstream.DEFAULT_REPLY);
        assertThat(route(response)).contains("attempt=2", "tried=east-claude/claude-sonnet-4-5 broken_stream");
        meteredOnce(response, 2);
    }

    @Test
    void discardsTranslatedOpeningEventsOfAnAttemptThatBrokeBeforeItsFirstToken() {
        String key = newKey("bo@example.com", "engineering");
        EAST.failNext(Fault.dropMidStream(1));

        // an Anthropic client on an OpenAI deployment: its message_start is made from the role chunk
        HttpResponse<String> response = anthropic(key, message("gpt-4o", true));

        List<String[]> events = events(response.body());
        assertThat(events).filteredOn(e -> "message_start".equals(e[0])).hasSize(1);
        assertThat(anthropicText(events)).isEqualTo(FakeUpstream.DEFAULT_REPLY);
        assertThat(events.getLast()[0]).isEqualTo("message_stop");
        meteredOnce(response, 2);
    }

    @Test
    void fallsOverWhenAStreamDoesNotStartWithinTheFirstByteTimeout() {
        String key = newKey("bo@example.com", "engineering");
        // west (priority in team-coder) has a 5 s timeout; gateway.first_byte_timeout is 2 s
        WEST.failNext(Fault.delayHeaders(Duration.ofSeconds(4)));

        HttpResponse<String> response = openAi("/v1/chat/completions", key, chat("team-coder", true));

        assertThat(openAiText(events(response.body()))).isEqualTo(FakeUpstream.DEFAULT_REPLY);
        assertThat(route(response)).contains("deployment=east/gpt-4o", "tried=west/gpt-4o timeout");
    }

    @Test
    void letsAWholeAnswerTakeLongerThanTheFirstByteTimeout() {
        String key = newKey("bo@example.com", "engineering");
        // a complete answer's first byte is its last: only the provider's own timeout bounds it
        WEST.failNext(Fault.delayHeaders(Duration.ofSeconds(4)));

        HttpResponse<String> response = openAi("/v1/chat/completions", key, chat("team-coder", false));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(route(response)).contains("deployment=west/gpt-4o");
    }

    @Test
    void keepsAQuietStreamAliveWithComments() {
        String key = newKey("bo@example.com", "engineering");
        // events 1.5 s apart; the keep-alive interval of these tests is 1 s
        WEST.streamEventDelay(Duration.ofMillis(1500));

        HttpResponse<String> response = openAi("/v1/chat/completions", key, chat("team-coder", true));

        assertThat(response.body()).contains(": keep-alive\n\n");
        assertThat(openAiText(events(response.body()))).isEqualTo(FakeUpstream.DEFAULT_REPLY);
        assertThat(route(response)).contains("deployment=west/gpt-4o");
    }

    @Test
    void fallsOverWhenTheFirstTokenDoesNotComeInTime() {
        String key = newKey("bo@example.com", "engineering");
        EAST.failNext(Fault.delayFirstEvent(Duration.ofSeconds(8)));

        HttpResponse<String> response = openAi("/v1/chat/completions", key, chat("gpt-4o", true));

        assertThat(openAiText(events(response.body()))).isEqualTo(FakeUpstream.DEFAULT_REPLY);
        assertThat(response.body()).doesNotContain("\"error\"");
        assertThat(route(response)).contains("deployment=west/gpt-4o", "tried=east/gpt-4o timeout");
        List<JsonNode> rows = meteredOnce(response, 2);
        assertThat(rows.getFirst().get("error_type").asString()).isEqualTo("stream_timeout");
    }

    @Test
    void endsAnOpenAiStreamThatBreaksAfterItsFirstTokenWithAnErrorChunkAndDone() {
        String key = newKey("bo@example.com", "engineering");
        EAST.failNext(Fault.dropMidStream(3)); // the opening chunk and two words

        HttpResponse<String> response = openAi("/v1/chat/completions", key, chat("gpt-4o", true));

        List<String[]> events = events(response.body());
        assertThat(openAiText(events)).as(route(response)).isEqualTo("Hello from ");
        assertThat(json(events.get(events.size() - 2)[1]).at("/error/message").asString()).contains("broke off");
        assertThat(events.getLast()[1]).isEqualTo("[DONE]");
        assertThat(route(response)).contains("deployment=east/gpt-4o", "attempt=1");
        assertThat(WEST.requestCount()).as("what the client has seen cannot be taken back").isZero();
        JsonNode row = meteredOnce(response, 1).getFirst();
        assertThat(row.get("status").asInt()).isEqualTo(502);
        assertThat(row.get("error_type").asString()).isEqualTo("stream_interrupted");
        assertThat(health("east/gpt-4o").failures()).isEqualTo(1);
    }

    @Test
    void endsAnAnthropicStreamThatBreaksAfterItsFirstTokenWithAnErrorEvent() {
        String key = newKey("bo@example.com", "engineering");
        EAST.failNext(Fault.dropMidStream(4)); // message_start, content_block_start, ping, one word

        HttpResponse<String> response = anthropic(key, message("claude-sonnet-4-5", true));

        List<String[]> events = events(response.body());
        assertThat(anthropicText(events)).as(route(response)).isEqualTo("Hello ");
        assertThat(events.getLast()[0]).isEqualTo("error");
        assertThat(json(events.getLast()[1]).at("/error/type").asString()).isEqualTo("api_error");
        assertThat(WEST.requestCount()).isZero();
        JsonNode row = meteredOnce(response, 1).getFirst();
        assertThat(row.get("status").asInt()).isEqualTo(502);
        assertThat(row.get("input_tokens").asLong()).as("what the attempt used is charged")
                .isEqualTo(FakeUpstream.DEFAULT_INPUT_TOKENS);
    }

    private static String openAiText(List<String[]> events) {
        StringBuilder text = new StringBuilder();
        for (String[] event : events) {
            if (!event[1].startsWith("{")) {
                continue;
            }
            JsonNode content = json(event[1]).at("/choices/0/delta/content");
            if (content.isString()) {
                text.append(content.asString());
            }
        }
        return text.toString();
    }

    private static String anthropicText(List<String[]> events) {
        StringBuilder text = new StringBuilder();
        for (String[] event : events) {
            if ("content_block_delta".equals(event[0])) {
                text.append(json(event[1]).at("/delta/text").asString());
            }
        }
        return text.toString();
    }
}
