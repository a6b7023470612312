package dev.aurelis.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayTestBase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code integrations.ide_integration} declared with only {@code jetbrains_plugin: true}: VS Code and Vim assistants
 * are refused at the access step in the caller's wire format, naming the flag; JetBrains assistants and tools that are
 * no IDE assistant pass. With {@code advanced_features.sdk_support} left out the SDK downloads answer 404 naming it.
 */
class IdeIntegrationTests extends GatewayTestBase {

    private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String MESSAGE = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void aVsCodeAssistantIsRefusedInTheOpenAiShape() {
        String key = newKey("ide-openai@example.com", "engineering");

        HttpResponse<String> refused = openAi("/v1/chat/completions", key, CHAT,
                "user-agent", "RooCode/3.25.0", "x-title", "Roo Code");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        JsonNode error = json(refused.body()).path("error");
        assertThat(error.path("type").asString()).isEqualTo("permission_error");
        assertThat(error.path("message").asString()).contains("integrations.ide_integration.vscode_extension")
                .contains("roo-code");
        assertThat(FAKE.requests()).as("nothing reached the provider").isEmpty();
    }

    @Test
    void aVimAssistantIsRefusedInTheAnthropicShape() {
        String key = newKey("ide-anthropic@example.com", "engineering");

        HttpResponse<String> refused = anthropic("/v1/messages", key, MESSAGE,
                "user-agent", "curl/8.5.0", "editor-version", "Neovim/0.11.0");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        JsonNode body = json(refused.body());
        assertThat(body.path("type").asString()).isEqualTo("error");
        assertThat(body.path("error").path("type").asString()).isEqualTo("permission_error");
        assertThat(body.path("error").path("message").asString())
                .contains("integrations.ide_integration.vim_plugin");
    }

    @Test
    void claudeCodeAndAllowedIdeFamiliesPass() {
        String key = newKey("ide-allowed@example.com", "engineering");

        HttpResponse<String> claudeCode = anthropic("/v1/messages", key, MESSAGE,
                "user-agent", "claude-cli/2.1.3 (external, cli)");
        HttpResponse<String> jetbrains = openAi("/v1/chat/completions", key, CHAT,
                "user-agent", "Continue/1.2.0 (IntelliJ IDEA; jetbrains)");

        assertThat(claudeCode.statusCode()).as(claudeCode.body()).isEqualTo(200);
        assertThat(jetbrains.statusCode()).as(jetbrains.body()).isEqualTo(200);
        assertThat(ledgerRecord(jetbrains).path("client_tool").asString()).isEqualTo("continue-jetbrains");
    }

    @Test
    void setupSnippetsCoverOnlyTheAllowedFamilies() {
        String key = newKey("ide-setup@example.com", "engineering");

        HttpResponse<String> setup = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/ide/setup"))
                .header("authorization", "Bearer " + key).GET().build());

        assertThat(setup.statusCode()).as(setup.body()).isEqualTo(200);
        JsonNode body = json(setup.body());
        assertThat(body.path("families")).hasSize(1);
        assertThat(body.path("families").get(0).path("setting").asString())
                .isEqualTo("integrations.ide_integration.jetbrains_plugin");
        assertThat(body.path("families").get(0).toString()).contains(baseUrl() + "/v1");
        assertThat(body.path("refused").toString()).contains("integrations.ide_integration.vscode_extension")
                .contains("integrations.ide_integration.vim_plugin");
    }

    @Test
    void sdkDownloadsAnswer404NamingTheSettingWhenItIsOff() {
        String key = newKey("sdk-off@example.com", "engineering");

        for (String path : new String[] {"/api/v1/sdks", "/api/v1/sdks/java", "/api/v1/sdks/python"}) {
            HttpResponse<String> off = send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                    .header("authorization", "Bearer " + key).GET().build());

            assertThat(off.statusCode()).as(path + ": " + off.body()).isEqualTo(404);
            assertThat(json(off.body()).path("error").path("message").asString())
                    .contains("advanced_features.sdk_support: true");
        }
    }
}
