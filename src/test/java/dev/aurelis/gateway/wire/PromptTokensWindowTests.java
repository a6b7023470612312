package dev.aurelis.gateway.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.providers.WireFormat;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Token counting takes memory of a window whatever the prompt looks like (issue 12: a 16 MiB prompt of one long
 * "word" exhausted the heap through count_tokens), and its estimate stays close to the tokenizer's own count.
 */
class PromptTokensWindowTests {

    @Test
    void countsASixteenMebibyteWordInWindows() {
        String word = "a".repeat(16 * 1024 * 1024);

        long tokens = PromptTokens.countText(word);

        // estimated from its first slice: o200k merges a run of one letter into tokens of several characters
        long slice = PromptTokens.countText("a".repeat(PromptTokens.LONG_RUN));
        assertThat(tokens).isEqualTo(slice * (word.length() / PromptTokens.LONG_RUN)).isLessThan(word.length() / 2);
    }

    @Test
    void countsAPromptOfManyMessagesAndARandomWordThroughTheRequestShape() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", "gpt-4o-mini");
        var messages = body.putArray("messages");
        for (int i = 0; i < 100_000; i++) {
            messages.addObject().put("role", "user").put("content", "hello " + i);
        }
        StringBuilder noise = new StringBuilder();
        java.util.Random random = new java.util.Random(12);
        for (int i = 0; i < 2 * 1024 * 1024; i++) {
            noise.append((char) ('!' + random.nextInt(90)));
        }
        messages.addObject().put("role", "user").put("content", noise.toString());

        assertThat(PromptTokens.count(WireFormat.OPENAI_CHAT, body)).isGreaterThan(300_000);
    }

    @Test
    void staysCloseToTheTokenizersOwnCountOnOrdinaryText() {
        String text = "The quick brown fox jumps over the lazy dog. ".repeat(2_000);

        long windowed = PromptTokens.countText(text);
        long whole = com.knuddels.jtokkit.Encodings.newLazyEncodingRegistry()
                .getEncoding(com.knuddels.jtokkit.api.EncodingType.O200K_BASE).countTokensOrdinary(text);

        // ordinary text is cut only at whitespace, which costs at most one token per cut
        assertThat(windowed).isBetween(whole, whole + text.length() / (PromptTokens.WINDOW - PromptTokens.LONG_RUN) + 1);
    }
}
