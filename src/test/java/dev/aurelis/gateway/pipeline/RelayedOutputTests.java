package dev.aurelis.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.gateway.wire.Json;
import dev.aurelis.gateway.wire.PromptTokens;
import dev.aurelis.providers.SseEvent;
import dev.aurelis.providers.WireFormat;
import org.junit.jupiter.api.Test;

/**
 * What a stream generated is counted the same whether its events were read as they came or kept and read later
 * (ADR 0047), for short answers and for answers longer than what is kept unread.
 */
class RelayedOutputTests {

    @Test
    void countsAShortAnthropicAnswerKeptUnread() {
        assertCountsWhatWasGenerated(20);
    }

    @Test
    void countsAnAnswerLongerThanWhatIsKeptUnread() {
        assertCountsWhatWasGenerated(2_000);
    }

    @Test
    void countsOpenAiChunksAndAParsedEventInTheOrderTheyCame() {
        RelayedOutput output = new RelayedOutput();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            String piece = "chunk " + i + " of the answer, ";
            text.append(piece);
            String chunk = "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":" + quoted(piece) + "}}]}";
            // the relay parses the chunk that carries usage itself and hands it over parsed
            output.fromEvent(WireFormat.OPENAI_CHAT, SseEvent.data(chunk), i == 25 ? Json.MAPPER.readTree(chunk) : null);
        }
        output.fromEvent(WireFormat.OPENAI_CHAT, SseEvent.data("[DONE]"), null);

        assertThat(output.any()).isTrue();
        assertThat(output.tokens()).isEqualTo(PromptTokens.countText(text.toString())).isPositive();
    }

    @Test
    void nothingGeneratedCountsNothing() {
        RelayedOutput output = new RelayedOutput();
        output.fromEvent(WireFormat.ANTHROPIC_MESSAGES, SseEvent.named("ping", "{\"type\":\"ping\"}"), null);

        assertThat(output.any()).isFalse();
        assertThat(output.tokens()).isZero();
    }

    private static void assertCountsWhatWasGenerated(int deltas) {
        RelayedOutput output = new RelayedOutput();
        StringBuilder text = new StringBuilder();
        long eventChars = 0;
        for (int i = 0; i < deltas; i++) {
            String piece = " word" + i;
            text.append(piece);
            String data = "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":"
                    + quoted(piece) + "}}";
            eventChars += data.length();
            output.fromEvent(WireFormat.ANTHROPIC_MESSAGES, SseEvent.named("content_block_delta", data), null);
        }
        assertThat(eventChars > RelayedOutput.UNREAD_LIMIT).isEqualTo(deltas > 100);

        assertThat(output.tokens()).isEqualTo(PromptTokens.countText(text.toString())).isPositive();
    }

    private static String quoted(String text) {
        return Json.string(Json.MAPPER.getNodeFactory().stringNode(text));
    }
}
