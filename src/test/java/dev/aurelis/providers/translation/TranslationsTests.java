package dev.aurelis.providers.translation;

import static dev.aurelis.providers.translation.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import dev.aurelis.providers.SseEvent;
import dev.aurelis.providers.StreamTranslator;
import dev.aurelis.providers.Translation;
import dev.aurelis.providers.WireFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.node.ObjectNode;

/** Which pairs of formats Aurelis translates, and the identity translation. */
class TranslationsTests {

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void aFormatTranslatesToItselfUnchanged(WireFormat format) {
        Translation identity = Translations.between(format, format);
        ObjectNode request = json("{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}");
        ObjectNode response = json("{\"id\": \"x\"}");

        assertThat(identity.request(request)).isSameAs(request);
        assertThat(identity.response(response, request)).isSameAs(response);
    }

    @Test
    void theIdentityStreamPassesEveryEventThrough() {
        StreamTranslator stream = Translations.between(WireFormat.OPENAI_CHAT, WireFormat.OPENAI_CHAT).stream(json("{}"));
        SseEvent named = SseEvent.named("message_start", "{\"type\": \"message_start\"}");
        SseEvent done = SseEvent.data("[DONE]");

        assertThat(stream.onEvent(named)).containsExactly(named);
        assertThat(stream.onEvent(done)).containsExactly(done);
        assertThat(stream.finish()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"OPENAI_CHAT, ANTHROPIC_MESSAGES", "ANTHROPIC_MESSAGES, OPENAI_CHAT", "OPENAI_RESPONSES, OPENAI_CHAT",
            "OPENAI_RESPONSES, ANTHROPIC_MESSAGES"})
    void supportedPairsHaveATranslation(WireFormat client, WireFormat provider) {
        assertThat(Translations.between(client, provider)).isNotNull();
    }

    @ParameterizedTest
    @CsvSource({"OPENAI_COMPLETIONS, ANTHROPIC_MESSAGES", "OPENAI_EMBEDDINGS, ANTHROPIC_MESSAGES",
            "OPENAI_CHAT, OPENAI_RESPONSES", "ANTHROPIC_MESSAGES, OPENAI_RESPONSES", "OPENAI_COMPLETIONS, OPENAI_CHAT",
            "OPENAI_CHAT, OPENAI_EMBEDDINGS"})
    void otherPairsAreRefusedNamingBothFormats(WireFormat client, WireFormat provider) {
        assertThatThrownBy(() -> Translations.between(client, provider))
                .isInstanceOf(UnsupportedTranslationException.class)
                .isInstanceOf(RuntimeException.class)
                .hasMessageContaining(client.name())
                .hasMessageContaining(provider.name())
                .satisfies(e -> {
                    UnsupportedTranslationException unsupported = (UnsupportedTranslationException) e;
                    assertThat(unsupported.client()).isEqualTo(client);
                    assertThat(unsupported.provider()).isEqualTo(provider);
                });
    }

    @Test
    void translatorsIgnoreDataThatIsNotJson() {
        for (var pair : List.of(
                List.of(WireFormat.OPENAI_CHAT, WireFormat.ANTHROPIC_MESSAGES),
                List.of(WireFormat.ANTHROPIC_MESSAGES, WireFormat.OPENAI_CHAT),
                List.of(WireFormat.OPENAI_RESPONSES, WireFormat.OPENAI_CHAT))) {
            StreamTranslator stream = Translations.between(pair.get(0), pair.get(1)).stream(json("{\"stream\": true}"));

            assertThat(stream.onEvent(SseEvent.data(": keep-alive"))).isEmpty();
            assertThat(stream.onEvent(SseEvent.data(""))).isEmpty();
        }
    }
}
