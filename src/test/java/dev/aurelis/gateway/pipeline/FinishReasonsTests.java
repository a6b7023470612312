package dev.aurelis.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.gateway.wire.Json;
import dev.aurelis.providers.SseEvent;
import dev.aurelis.providers.WireFormat;
import org.junit.jupiter.api.Test;

/** Why a provider stopped, for a traced exchange's {@code gen_ai.response.finish_reasons}, in each wire format. */
class FinishReasonsTests {

    private static ReportedUsage collecting() {
        ReportedUsage usage = new ReportedUsage();
        usage.collectFinishReasons();
        return usage;
    }

    /** As the relay sees it: a chunk is parsed only when it carries usage. */
    private static void stream(ReportedUsage usage, WireFormat format, SseEvent event) {
        usage.fromEvent(format, event, Json.readEventData(format, event));
    }

    @Test
    void aChatCompletionsChoicesSayWhy() {
        ReportedUsage usage = collecting();

        usage.fromResponse(WireFormat.OPENAI_CHAT, Json.readObject("""
                {"model":"gpt-4o-mini","choices":[{"index":0,"finish_reason":"tool_calls"},{"index":1,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":3,"completion_tokens":2}}""".getBytes()));

        assertThat(usage.finishReasons()).containsExactly("tool_calls", "stop");
    }

    @Test
    void aChatStreamsFinishChunkIsReadWithoutParsingEveryChunk() {
        ReportedUsage usage = collecting();

        stream(usage, WireFormat.OPENAI_CHAT, new SseEvent(null,
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":null}],\"usage\":null}"));
        stream(usage, WireFormat.OPENAI_CHAT, new SseEvent(null,
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\": \"length\"}],\"usage\":null}"));
        stream(usage, WireFormat.OPENAI_CHAT, new SseEvent(null,
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}"));

        assertThat(usage.finishReasons()).containsExactly("length");
    }

    @Test
    void anthropicsStopReasonComesInTheMessageDelta() {
        ReportedUsage usage = collecting();

        stream(usage, WireFormat.ANTHROPIC_MESSAGES, new SseEvent("message_start",
                "{\"type\":\"message_start\",\"message\":{\"model\":\"claude\",\"stop_reason\":null,\"usage\":{\"input_tokens\":3}}}"));
        stream(usage, WireFormat.ANTHROPIC_MESSAGES, new SseEvent("message_delta",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":2}}"));

        assertThat(usage.finishReasons()).containsExactly("end_turn");
    }

    @Test
    void theResponsesApiSaysWhyAResponseIsIncomplete() {
        ReportedUsage usage = collecting();

        stream(usage, WireFormat.OPENAI_RESPONSES, new SseEvent("response.incomplete",
                "{\"type\":\"response.incomplete\",\"response\":{\"status\":\"incomplete\","
                        + "\"incomplete_details\":{\"reason\":\"max_output_tokens\"},\"usage\":{\"input_tokens\":3,\"output_tokens\":2}}}"));

        assertThat(usage.finishReasons()).containsExactly("max_output_tokens");
    }

    @Test
    void untracedExchangesCollectNothing() {
        ReportedUsage usage = new ReportedUsage();

        usage.fromResponse(WireFormat.OPENAI_CHAT, Json.readObject("""
                {"choices":[{"index":0,"finish_reason":"stop"}]}""".getBytes()));

        assertThat(usage.finishReasons()).isEmpty();
    }
}
