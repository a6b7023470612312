package dev.aurelis.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientToolTests {

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "'claude-cli/2.1.3 (external, cli)', -, -, claude-code",
            "codex_cli_rs/0.169.0 (Mac OS 15.5.0; arm64), codex_cli_rs, -, codex",
            "-, codex_cli_rs, -, codex",
            "QwenCode/0.15.0 (linux; x64), -, -, qwen-code",
            "opencode/1.18.2 ai-sdk/provider-utils/3.0.0, -, -, opencode",
            "OpenAI/Python 1.99.1, -, python, openai-sdk-python",
            "OpenAI/JS 5.12.0, -, js, openai-sdk-js",
            "OpenAIClientImpl/Java 4.101.0, -, java, openai-sdk-java",
            "Anthropic/Python 0.64.0, -, python, anthropic-sdk-python",
            "AnthropicClientImpl/Java 3.12.0, -, java, anthropic-sdk-java",
            "curl/8.5.0, -, -, curl",
            "-, -, -, unknown"})
    void namesTheToolFromItsHeaders(String userAgent, String originator, String sdkLanguage, String expected) {
        assertThat(ClientTool.of(userAgent, originator, sdkLanguage)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "'Continue/1.2.0 (Visual Studio Code; vscode)', -, -, -, continue-vscode, vscode_extension",
            "'Continue/1.2.0 (IntelliJ IDEA; jetbrains)', -, -, -, continue-jetbrains, jetbrains_plugin",
            "RooCode/3.25.0, Roo Code, https://github.com/RooVetGit/Roo-Cline, -, roo-code, vscode_extension",
            "Kilo-Code/4.80.0, Kilo Code, https://kilocode.ai, -, kilo-code, vscode_extension",
            "OpenAI/JS 4.96.0, Cline, https://cline.bot, -, cline, vscode_extension",
            "GitHubCopilotChat/0.30.0, -, -, -, copilot-chat, vscode_extension",
            "CopilotChat.nvim/2.0.0, -, -, Neovim/0.11.0, copilotchat-nvim, vim_plugin",
            "curl/8.5.0, -, -, Neovim/0.11.0, neovim, vim_plugin"})
    void namesIdeAssistantsAndTheirFamily(String userAgent, String title, String referer, String editorVersion,
            String tool, String family) {
        java.util.Map<String, String> headers = new java.util.HashMap<>();
        headers.put("user-agent", userAgent);
        headers.put("x-title", title);
        headers.put("http-referer", referer);
        headers.put("editor-version", editorVersion);
        headers.values().removeIf(java.util.Objects::isNull);

        assertThat(ClientTool.of(headers)).isEqualTo(tool);
        assertThat(ClientTool.ideFamily(tool)).isEqualTo(family);
    }

    @ParameterizedTest
    @CsvSource({"'claude-cli/2.1.3 (external, cli)', claude-code", "OpenAI/Python 1.99.1, openai-sdk-python"})
    void namesNoIdeFamilyForOtherTools(String userAgent, String tool) {
        String named = ClientTool.of(java.util.Map.of("user-agent", userAgent, "x-stainless-lang", "python"));

        assertThat(named).isEqualTo(tool);
        assertThat(ClientTool.ideFamily(named)).isNull();
    }
}
