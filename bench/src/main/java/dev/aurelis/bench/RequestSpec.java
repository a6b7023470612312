package dev.aurelis.bench;

/**
 * One kind of request a run sends.
 *
 * @param anthropic       Anthropic messages wire format (else OpenAI chat completions)
 * @param path            request path, e.g. {@code /v1/messages?beta=true}
 * @param body            the JSON body, the same bytes every time
 * @param stream          whether the body asks for a stream
 * @param expectedDeltas  content deltas a complete stream carries (0: do not check)
 */
record RequestSpec(String label, boolean anthropic, String path, byte[] body, boolean stream, int expectedDeltas) {

    static RequestSpec openAiChat(boolean stream, int expectedDeltas) {
        return new RequestSpec(stream ? "openai-stream" : "openai", false, "/v1/chat/completions",
                RequestBodies.openAiChat("bench-model", stream), stream, expectedDeltas);
    }

    static RequestSpec claudeCode(int bytes, int expectedDeltas) {
        return new RequestSpec("anthropic-stream-" + (bytes / 1000) + "k", true, "/v1/messages?beta=true",
                RequestBodies.claudeCode("bench-claude", bytes, true), true, expectedDeltas);
    }
}
