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
}
