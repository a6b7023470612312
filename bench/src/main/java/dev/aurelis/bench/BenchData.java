package dev.aurelis.bench;

import java.nio.charset.StandardCharsets;

/** Inputs shared by the JMH benchmarks: what the mock provider would stream, as bytes on the wire. */
public final class BenchData {

    private BenchData() {
    }

    /** A whole OpenAI chat-completions stream: role chunk, {@code chunks} content chunks, finish, usage, [DONE]. */
    public static byte[] openAiStream(int chunks) {
        StringBuilder sb = new StringBuilder(WireText.openAiRoleChunk("chatcmpl-bench1", 1_700_000_000L,
                "bench-model", true));
        for (int i = 0; i < chunks; i++) {
            sb.append(WireText.openAiContentChunk("chatcmpl-bench1", 1_700_000_000L, "bench-model",
                    WireText.piece(i), true));
        }
        sb.append(WireText.openAiClosing("chatcmpl-bench1", 1_700_000_000L, "bench-model", true, 1200, chunks));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A whole Anthropic messages stream: message_start … {@code chunks} text deltas … message_stop. */
    public static byte[] anthropicStream(int chunks) {
        StringBuilder sb = new StringBuilder(WireText.anthropicOpening("msg_bench1", "bench-claude", 1200));
        for (int i = 0; i < chunks; i++) {
            sb.append(WireText.anthropicDelta(WireText.piece(i)));
        }
        sb.append(WireText.anthropicClosing(chunks));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The data of one Anthropic text delta event. */
    public static String anthropicDeltaData() {
        String event = WireText.anthropicDelta(" token");
        return event.substring(event.indexOf("data: ") + 6, event.length() - 2);
    }
}
