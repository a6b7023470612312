package dev.aurelis.providers.translation;

import dev.aurelis.providers.Translation;
import dev.aurelis.providers.WireFormat;

/**
 * The translations Aurelis can make between a client's wire format and a provider's.
 *
 * <ul>
 *   <li>any format to itself: identity;</li>
 *   <li>OpenAI Chat Completions to Anthropic Messages and back;</li>
 *   <li>OpenAI Responses to Chat Completions (for providers without {@code /v1/responses}) and, through chat,
 *       to Anthropic Messages.</li>
 * </ul>
 */
public final class Translations {

    private static final Translation CHAT_OVER_ANTHROPIC = new ConvertingTranslation(
            ChatRequestToAnthropic::convert,
            (response, request) -> AnthropicResponseToChat.convert(response),
            AnthropicStreamToChat::new);

    private static final Translation ANTHROPIC_OVER_CHAT = new ConvertingTranslation(
            AnthropicRequestToChat::convert,
            (response, request) -> ChatResponseToAnthropic.convert(response),
            request -> new ChatStreamToAnthropic());

    private static final Translation RESPONSES_OVER_CHAT = new ConvertingTranslation(
            ResponsesRequestToChat::convert,
            ChatResponseToResponses::convert,
            ChatStreamToResponses::new);

    private static final Translation RESPONSES_OVER_ANTHROPIC =
            new ChainedTranslation(RESPONSES_OVER_CHAT, CHAT_OVER_ANTHROPIC);

    private Translations() {
    }

    /**
     * The translation for a client speaking {@code client} to a provider speaking {@code provider}.
     *
     * @throws UnsupportedTranslationException when Aurelis cannot translate between the two
     */
    public static Translation between(WireFormat client, WireFormat provider) {
        if (client == provider) {
            return IdentityTranslation.INSTANCE;
        }
        return switch (client) {
            case OPENAI_CHAT -> switch (provider) {
                case ANTHROPIC_MESSAGES -> CHAT_OVER_ANTHROPIC;
                default -> throw new UnsupportedTranslationException(client, provider);
            };
            case ANTHROPIC_MESSAGES -> switch (provider) {
                case OPENAI_CHAT -> ANTHROPIC_OVER_CHAT;
                default -> throw new UnsupportedTranslationException(client, provider);
            };
            case OPENAI_RESPONSES -> switch (provider) {
                case OPENAI_CHAT -> RESPONSES_OVER_CHAT;
                case ANTHROPIC_MESSAGES -> RESPONSES_OVER_ANTHROPIC;
                default -> throw new UnsupportedTranslationException(client, provider);
            };
            default -> throw new UnsupportedTranslationException(client, provider);
        };
    }
}
