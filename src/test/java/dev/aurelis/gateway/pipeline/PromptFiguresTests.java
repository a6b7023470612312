package dev.aurelis.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.gateway.wire.Json;
import dev.aurelis.gateway.wire.PromptTokens;
import dev.aurelis.providers.WireFormat;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The prompt's figures come out the same whether they are read from the parsed request or, once it went, from the bytes sent. */
class PromptFiguresTests {

    private static final String ANTHROPIC = """
            {"model":"claude","max_tokens":10,"stream":true,"system":"You are terse.",
             "messages":[{"role":"user","content":"Name three rivers of Europe, and say which one is longest."}]}""";
    private static final String OPENAI = """
            {"model":"gpt","stream":true,"messages":[{"role":"system","content":"You are terse."},
             {"role":"user","content":"Name three rivers of Europe, and say which one is longest."}]}""";

    @Test
    void letsTheParsedRequestGoOnlyOnceTheBytesSentAreKept() {
        ObjectNode body = Json.readObject(bytes(ANTHROPIC));
        PromptFigures figures = new PromptFigures(WireFormat.ANTHROPIC_MESSAGES, body);

        figures.answerStarted(false); // nothing was sent: the request is all there is
        assertThat(figures.holdsTree()).isTrue();

        figures.sending(bytes(ANTHROPIC), WireFormat.ANTHROPIC_MESSAGES);
        figures.answerStarted(false);
        assertThat(figures.holdsTree()).isFalse();
        assertThat(figures.count()).isEqualTo(PromptTokens.count(WireFormat.ANTHROPIC_MESSAGES, body)).isPositive();
        assertThat(figures.upperBound()).isEqualTo(PromptTokens.upperBound(WireFormat.ANTHROPIC_MESSAGES, body));
        assertThat(figures.estimate()).isEqualTo(PromptTokens.estimate(WireFormat.ANTHROPIC_MESSAGES, body));
    }

    @Test
    void aFigureTakenBeforeTheAnswerStartedIsKept() {
        ObjectNode body = Json.readObject(bytes(ANTHROPIC));
        PromptFigures figures = new PromptFigures(WireFormat.ANTHROPIC_MESSAGES, body);
        long estimate = figures.estimate();

        // sent translated to another format: what is read again afterwards is read in the provider's format
        figures.sending(bytes(OPENAI), WireFormat.OPENAI_CHAT);
        figures.answerStarted(false);

        assertThat(figures.estimate()).isEqualTo(estimate);
        assertThat(figures.count()).isEqualTo(PromptTokens.count(WireFormat.OPENAI_CHAT, Json.readObject(bytes(OPENAI))));
    }

    @Test
    void keepsNothingOnceTheProviderCountedThePromptAndTheEstimateIsKnown() {
        ObjectNode body = Json.readObject(bytes(ANTHROPIC));
        PromptFigures unreserved = new PromptFigures(WireFormat.ANTHROPIC_MESSAGES, body);
        unreserved.sending(bytes(ANTHROPIC), WireFormat.ANTHROPIC_MESSAGES);
        unreserved.answerStarted(true); // no estimate was taken: the bytes stay, for a count no CPU was spent on yet
        assertThat(unreserved.holdsSentBytes()).isTrue();

        PromptFigures reserved = new PromptFigures(WireFormat.ANTHROPIC_MESSAGES, body);
        long estimate = reserved.estimate();
        reserved.sending(bytes(ANTHROPIC), WireFormat.ANTHROPIC_MESSAGES);
        reserved.answerStarted(true);

        assertThat(reserved.holdsTree()).isFalse();
        assertThat(reserved.holdsSentBytes()).isFalse();
        // only a report found implausible later asks, and then the estimate stands in for the count
        assertThat(reserved.count()).isEqualTo(estimate);
        assertThat(reserved.upperBound()).isEqualTo(PromptTokens.UNBOUNDED);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
