package dev.aurelis.gateway.pipeline;

import java.util.Locale;

/**
 * Names the coding tool or SDK behind a request from its User-Agent, Codex's {@code originator} header and the
 * {@code x-stainless-lang} header that OpenAI's and Anthropic's official SDKs send.
 */
final class ClientTool {

    private ClientTool() {
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
