package dev.aurelis.bench;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request bodies shaped like what coding assistants send (ARCHITECTURE.md section 9), generated from a fixed seed
 * so every run and every benchmark sees the same bytes.
 */
public final class RequestBodies {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] TOOL_NAMES = {
        "Task", "Bash", "Glob", "Grep", "LS", "ExitPlanMode", "Read", "Edit", "MultiEdit", "Write", "NotebookEdit",
        "WebFetch", "TodoWrite", "WebSearch", "BashOutput", "KillShell", "SlashCommand", "AskUserQuestion",
        "mcp__ide__getDiagnostics", "mcp__ide__executeCode", "ListMcpResources", "ReadMcpResource", "Skill",
        "EnterPlanMode"};
    private static final String[] VOCABULARY = {
        "the", "file", "function", "returns", "when", "test", "build", "module", "error", "value", "should", "use",
        "parameter", "path", "command", "output", "class", "method", "repository", "change", "line", "config",
        "request", "response", "stream", "token", "check", "before", "after", "with", "without", "always", "never"};

    private RequestBodies() {
    }

    /** A small OpenAI chat-completions request (~1.5 KB): a system prompt, a user turn, two tools. */
    public static byte[] openAiChat(String model, boolean stream) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        ArrayNode messages = root.putArray("messages");
        messages.addObject().put("role", "system").put("content", prose(new SplittableRandom(7), 400));
        messages.addObject().put("role", "user").put("content", prose(new SplittableRandom(11), 300));
        ArrayNode tools = root.putArray("tools");
        for (int i = 0; i < 2; i++) {
            ObjectNode fn = tools.addObject().put("type", "function").putObject("function");
            fn.put("name", TOOL_NAMES[i].toLowerCase()).put("description", prose(new SplittableRandom(i), 120));
            schema(fn.putObject("parameters"), new SplittableRandom(100 + i), 2);
        }
        root.put("max_tokens", 1024);
        root.put("temperature", 0.2);
        if (stream) {
            root.put("stream", true);
            root.putObject("stream_options").put("include_usage", true);
        }
        return JSON.writeValueAsBytes(root);
    }

    /**
     * A Claude-Code-like Anthropic messages request of about {@code targetBytes}: ~24 tools with JSON schemas, a
     * system prompt in cached blocks, {@code thinking}, {@code context_management}, {@code metadata.user_id} as a
     * JSON string, and a conversation of tool calls and results grown until the body reaches the target size.
     */
    public static byte[] claudeCode(String model, int targetBytes, boolean stream) {
        SplittableRandom rnd = new SplittableRandom(42);
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        root.put("max_tokens", 32000);
        ArrayNode system = root.putArray("system");
        system.addObject().put("type", "text").put("text",
                "You are Claude Code, Anthropic's official CLI for Claude.").putObject("cache_control")
                .put("type", "ephemeral");
        system.addObject().put("type", "text").put("text", prose(rnd, 12_000)).putObject("cache_control")
                .put("type", "ephemeral");
        ArrayNode tools = root.putArray("tools");
        for (String name : TOOL_NAMES) {
            ObjectNode tool = tools.addObject();
            tool.put("name", name).put("description", prose(rnd, 600 + rnd.nextInt(1200)));
            ObjectNode schema = tool.putObject("input_schema");
            schema(schema, rnd, 2 + rnd.nextInt(4));
            schema.put("$schema", "http://json-schema.org/draft-07/schema#");
        }
        root.putObject("metadata").put("user_id", "{\"device_id\":\"" + hex(rnd, 64)
                + "\",\"account_uuid\":\"\",\"session_id\":\"" + uuid(rnd) + "\"}");
        root.putObject("thinking").put("type", "enabled").put("budget_tokens", 31999);
        root.putObject("context_management").putArray("edits").addObject()
                .put("type", "clear_thinking_20251015").put("keep", "all");
        root.putObject("output_config").put("effort", "high");
        if (stream) {
            root.put("stream", true);
        }
        ArrayNode messages = root.putArray("messages");
        ObjectNode first = messages.addObject().put("role", "user");
        ArrayNode firstContent = first.putArray("content");
        firstContent.addObject().put("type", "text").put("text", "<system-reminder>" + prose(rnd, 1500)
                + "</system-reminder>");
        firstContent.addObject().put("type", "text").put("text", prose(rnd, 200));
        int turn = 0;
        while (JSON.writeValueAsBytes(root).length < targetBytes - 3000) {
            String toolId = "toolu_01" + hex(rnd, 22);
            ObjectNode assistant = messages.addObject().put("role", "assistant");
            ArrayNode ac = assistant.putArray("content");
            ac.addObject().put("type", "text").put("text", prose(rnd, 150));
            ObjectNode use = ac.addObject().put("type", "tool_use").put("id", toolId).put("name", "Read");
            use.putObject("input").put("file_path", "/work/project/src/main/java/Example" + turn + ".java");
            ObjectNode user = messages.addObject().put("role", "user");
            ArrayNode uc = user.putArray("content");
            uc.addObject().put("type", "tool_result").put("tool_use_id", toolId).put("content", code(rnd, 2500));
            turn++;
        }
        ObjectNode last = messages.addObject().put("role", "user");
        last.putArray("content").addObject().put("type", "text").put("text", prose(rnd, 300))
                .putObject("cache_control").put("type", "ephemeral");
        return JSON.writeValueAsBytes(root);
    }

    private static void schema(ObjectNode schema, SplittableRandom rnd, int properties) {
        schema.put("type", "object");
        ObjectNode props = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        for (int i = 0; i < properties; i++) {
            String name = VOCABULARY[rnd.nextInt(VOCABULARY.length)] + "_" + i;
            props.putObject(name).put("type", i % 3 == 2 ? "number" : "string")
                    .put("description", prose(rnd, 60 + rnd.nextInt(120)));
            if (i % 2 == 0) {
                required.add(name);
            }
        }
        schema.put("additionalProperties", false);
    }

    static String prose(SplittableRandom rnd, int chars) {
        StringBuilder sb = new StringBuilder(chars + 16);
        while (sb.length() < chars) {
            sb.append(VOCABULARY[rnd.nextInt(VOCABULARY.length)]);
            sb.append(rnd.nextInt(12) == 0 ? ". " : " ");
        }
        return sb.toString();
    }

    private static String code(SplittableRandom rnd, int chars) {
        StringBuilder sb = new StringBuilder(chars + 64);
        int line = 1;
        while (sb.length() < chars) {
            sb.append(String.format("%6d\t", line++));
            sb.append("    ").append(VOCABULARY[rnd.nextInt(VOCABULARY.length)]).append("(\"")
                    .append(VOCABULARY[rnd.nextInt(VOCABULARY.length)]).append("\", ").append(rnd.nextInt(1000))
                    .append(");\n");
        }
        return sb.toString();
    }

    private static String hex(SplittableRandom rnd, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(Character.forDigit(rnd.nextInt(16), 16));
        }
        return sb.toString();
    }

    private static String uuid(SplittableRandom rnd) {
        String h = hex(rnd, 32);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
                + "-" + h.substring(20);
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
