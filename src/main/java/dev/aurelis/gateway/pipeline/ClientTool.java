package dev.aurelis.gateway.pipeline;

import java.util.Locale;
import java.util.Map;

/**
 * Names the coding tool or SDK behind a request from its User-Agent, Codex's {@code originator} header, the
 * {@code x-stainless-lang} header that OpenAI's and Anthropic's official SDKs send, and the app-naming headers IDE
 * assistants send ({@code X-Title}, {@code HTTP-Referer}, {@code Editor-Version}); IDE assistants also get the
 * {@code integrations.ide_integration} family they belong to (ADR 0068).
 */
final class ClientTool {

    /** {@code integrations.ide_integration} flags, one per IDE family. */
    static final String VSCODE = "vscode_extension";
    static final String JETBRAINS = "jetbrains_plugin";
    static final String VIM = "vim_plugin";

    /** The IDE family of each IDE assistant this class names; one lookup per request, on the name already made. */
    private static final Map<String, String> IDE_FAMILIES = Map.ofEntries(
            Map.entry("continue-vscode", VSCODE), Map.entry("cline", VSCODE), Map.entry("roo-code", VSCODE),
            Map.entry("kilo-code", VSCODE), Map.entry("copilot-chat", VSCODE),
            Map.entry("continue-jetbrains", JETBRAINS), Map.entry("jetbrains-ai-assistant", JETBRAINS),
            Map.entry("vim-ai", VIM), Map.entry("avante-nvim", VIM), Map.entry("codecompanion-nvim", VIM),
            Map.entry("copilotchat-nvim", VIM), Map.entry("neovim", VIM), Map.entry("vim", VIM));

    private ClientTool() {
    }

    /** The {@code integrations.ide_integration} flag governing a client tool, or null when it is no IDE assistant. */
    static String ideFamily(String tool) {
        return tool == null ? null : IDE_FAMILIES.get(tool);
    }

    static String of(Map<String, String> headers) {
        String ide = ideAssistant(headers.get("user-agent"), headers.get("x-title"), headers.get("http-referer"),
                headers.get("editor-version"));
        return ide != null ? ide
                : of(headers.get("user-agent"), headers.get("originator"), headers.get("x-stainless-lang"));
    }

    /**
     * IDE assistants, told apart before the SDK names because several call through OpenAI's SDK (so its
     * {@code x-stainless-lang}) and name themselves only in their User-Agent or app headers.
     */
    static String ideAssistant(String userAgent, String title, String referer, String editorVersion) {
        String ua = userAgent == null ? "" : userAgent.toLowerCase(Locale.ROOT);
        String app = title == null ? "" : title.strip().toLowerCase(Locale.ROOT);
        String from = referer == null ? "" : referer.toLowerCase(Locale.ROOT);
        if (ua.startsWith("continue/") || ua.startsWith("continue.dev")) {
            return ua.contains("jetbrains") ? "continue-jetbrains" : "continue-vscode";
        }
        if (ua.startsWith("roocode/") || ua.startsWith("roo-code") || app.equals("roo code")) {
            return "roo-code";
        }
        if (ua.startsWith("kilo-code/") || app.equals("kilo code") || from.contains("kilocode.ai")) {
            return "kilo-code";
        }
        if (ua.startsWith("cline/") || app.equals("cline") || from.contains("cline.bot")) {
            return "cline";
        }
        if (ua.startsWith("githubcopilotchat/")) {
            return "copilot-chat";
        }
        if (ua.contains("jetbrains-ai") || ua.contains("jetbrains ai") || ua.startsWith("intellij")) {
            return "jetbrains-ai-assistant";
        }
        if (ua.contains("copilotchat.nvim")) {
            return "copilotchat-nvim";
        }
        if (ua.contains("avante")) {
            return "avante-nvim";
        }
        if (ua.contains("codecompanion")) {
            return "codecompanion-nvim";
        }
        if (ua.startsWith("vim-ai")) {
            return "vim-ai";
        }
        String editor = editorVersion == null ? "" : editorVersion.strip().toLowerCase(Locale.ROOT);
        return editor.startsWith("neovim/") ? "neovim" : editor.startsWith("vim/") ? "vim" : null;
    }

    static String of(String userAgent, String originator, String sdkLanguage) {
        if (originator != null && originator.toLowerCase(Locale.ROOT).contains("codex")) {
            return "codex";
        }
        if (userAgent == null || userAgent.isBlank()) {
            return "unknown";
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        if (ua.startsWith("claude-cli") || ua.contains("claude-code")) {
            return "claude-code";
        }
        if (ua.contains("codex")) {
            return "codex";
        }
        if (ua.contains("qwencode") || ua.contains("qwen-code")) {
            return "qwen-code";
        }
        if (ua.contains("opencode")) {
            return "opencode";
        }
        for (String sdk : new String[] {"openai", "anthropic"}) {
            if (sdkLanguage != null && !sdkLanguage.isBlank() && ua.startsWith(sdk)) {
                String language = sdkLanguage.strip().toLowerCase(Locale.ROOT);
                return sdk + "-sdk-" + (language.equals("node") ? "js" : language);
            }
            for (String language : new String[] {"python", "js", "java", "go", "node", "ruby", "dotnet", "kotlin"}) {
                if (ua.startsWith(sdk + "/" + language)) {
                    return sdk + "-sdk-" + (language.equals("node") ? "js" : language);
                }
            }
        }
        int end = 0;
        while (end < ua.length() && ua.charAt(end) != '/' && ua.charAt(end) != ' ') {
            end++;
        }
        String product = ua.substring(0, end);
        return product.isEmpty() ? "unknown" : product.length() > 40 ? product.substring(0, 40) : product;
    }
}
