package dev.aurelis.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.providers.SseEvent;
import dev.aurelis.providers.WireFormat;
import org.junit.jupiter.api.Test;

class StreamPreludeTests {

    @Test
    void holdsBackTheOpeningChunksOfChatAndCompletionsUntilTheFirstToken() {
        assertThat(StreamPrelude.holdsBack(WireFormat.OPENAI_CHAT, SseEvent.data("""
                {"choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"finish_reason":null}],"usage":null}""")))
                .isTrue();
        assertThat(StreamPrelude.holdsBack(WireFormat.OPENAI_CHAT, SseEvent.data("""
                {"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}"""))).isFalse();
        assertThat(StreamPrelude.holdsBack(WireFormat.OPENAI_CHAT, SseEvent.data("""
                {"choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_1","function":{"name":"f"}}]}}]}""")))
                .as("a tool call is the model's output").isFalse();
        assertThat(StreamPrelude.holdsBack(WireFormat.OPENAI_CHAT, SseEvent.data("""
                {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"""))).isFalse();
        assertThat(StreamPrelude.holdsBack(WireFormat.OPENAI_CHAT, SseEvent.data("[DONE]"))).isFalse();
        assertThat(StreamPrelude.holdsBack(WireFormat.OPENAI_COMPLETIONS, SseEvent.data("""
                {"choices":[{"index":0,"text":"","finish_reason":null}]}"""))).isTrue();
        assertThat(StreamPrelude.holdsBack(WireFormat.OPENAI_COMPLETIONS, SseEvent.data("""
                {"choices":[{"index":0,"text":"return a + b","finish_reason":null}]}"""))).isFalse();
    }

    @Test
    void holdsBackTheOpeningEventsOfAnthropicAndResponsesStreams() {
        assertThat(StreamPrelude.holdsBack(WireFormat.ANTHROPIC_MESSAGES, SseEvent.named("message_start", "{}"))).isTrue();
        assertThat(StreamPrelude.holdsBack(WireFormat.ANTHROPIC_MESSAGES, SseEvent.named("ping", "{}"))).isTrue();
        assertThat(StreamPrelude.holdsBack(WireFormat.ANTHROPIC_MESSAGES, SseEvent.named("content_block_delta", "{}"))).isFalse();
        assertThat(StreamPrelude.holdsBack(WireFormat.OPENAI_RESPONSES, SseEvent.named("response.created", "{}"))).isTrue();
        assertThat(StreamPrelude.holdsBack(WireFormat.OPENAI_RESPONSES, SseEvent.named("response.output_text.delta", "{}")))
                .isFalse();
    }

    @Test
    void recognisesErrorsProvidersReportInsideTheirStreams() {
        assertThat(StreamPrelude.upstreamError(WireFormat.ANTHROPIC_MESSAGES, SseEvent.named("error",
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")))
                .contains("Overloaded");
        assertThat(StreamPrelude.upstreamError(WireFormat.OPENAI_CHAT, SseEvent.data(
                "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}")))
                .contains("The server had an error");
        assertThat(StreamPrelude.upstreamError(WireFormat.OPENAI_RESPONSES, SseEvent.named("error",
                "{\"type\":\"error\",\"code\":\"server_error\",\"message\":\"boom\"}"))).contains("boom");
        assertThat(StreamPrelude.upstreamError(WireFormat.OPENAI_CHAT, SseEvent.data(
                "{\"choices\":[{\"delta\":{\"content\":\"an \\\"error\\\" in the text\"}}]}"))).isEmpty();
        assertThat(StreamPrelude.upstreamError(WireFormat.ANTHROPIC_MESSAGES, SseEvent.named("content_block_delta",
                "{\"delta\":{\"text\":\"error\"}}"))).isEmpty();
    }
}
