package dev.aurelis;

/**
 * The request bodies of the AOT cache's training run ({@link AotTraining}), shaped like what coding assistants
 * send: a system prompt, a user turn and tools for OpenAI (about 2 KB); a Claude-Code-like conversation with tools,
 * a tool call and its result for Anthropic (about 6 KB). Every tenth request mentions an e-mail address, so the
 * privacy scan's redaction runs as well as its search.
 */
final class TrainingRequests {

    private static final String PROSE = "The build should use the module path when the test returns an error value;"
            + " check the config before each change and keep the output of every command in the repository. ";

    private TrainingRequests() {
    }

    static String openAi(int i, boolean stream) {
        return """
                {"model":"training-model","messages":[{"role":"system","content":"%s"},\
                {"role":"user","content":"%s"}],"tools":[%s,%s],"max_tokens":1024,"temperature":0.2%s}"""
                .formatted(PROSE.repeat(4), userTurn(i), openAiTool("read_file"), openAiTool("run_command"),
                        stream ? ",\"stream\":true,\"stream_options\":{\"include_usage\":true}" : "");
    }

    static String anthropic(int i, boolean stream) {
        return """
                {"model":"training-claude","max_tokens":32000,"system":[{"type":"text","text":"%s",\
                "cache_control":{"type":"ephemeral"}}],"tools":[%s,%s,%s],"messages":[\
                {"role":"user","content":[{"type":"text","text":"%s"}]},\
                {"role":"assistant","content":[{"type":"tool_use","id":"toolu_%d","name":"Read","input":{"path":"src/Main.java"}}]},\
                {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_%d","content":"%s"}]}],\
                "metadata":{"user_id":"training-%d"}%s}"""
                .formatted(PROSE.repeat(8), anthropicTool("Read"), anthropicTool("Edit"), anthropicTool("Bash"),
                        userTurn(i), i, i, PROSE.repeat(12), i % 7, stream ? ",\"stream\":true" : "");
    }

    private static String userTurn(int i) {
        String turn = "Request " + i + ": " + PROSE.repeat(3);
        return i % 10 == 3 ? turn + " Mail the result to jane.doe@example.com." : turn;
    }

    private static String openAiTool(String name) {
        return """
                {"type":"function","function":{"name":"%s","description":"%s","parameters":{"type":"object",\
                "properties":{"path":{"type":"string"},"limit":{"type":"integer"}},"required":["path"]}}}"""
                .formatted(name, PROSE);
    }

    private static String anthropicTool(String name) {
        return """
                {"name":"%s","description":"%s","input_schema":{"type":"object","properties":{"path":{"type":"string"},\
                "limit":{"type":"integer"}},"required":["path"]}}""".formatted(name, PROSE);
    }
}
