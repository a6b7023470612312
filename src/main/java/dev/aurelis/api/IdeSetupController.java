package dev.aurelis.api;

import dev.aurelis.configuration.ActiveConfiguration;
import dev.aurelis.configuration.Integrations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * {@code GET /api/v1/ide/setup}: for each IDE family {@code integrations.ide_integration} allows, the settings to
 * paste into its assistants so they call this server (ADR 0068). The families switched off are named, with the flag
 * that allows them, because the gateway refuses their traffic.
 */
@RestController
class IdeSetupController {

    private static final String KEY = "<your Aurelis key>";

    private final ActiveConfiguration configuration;

    IdeSetupController(ActiveConfiguration configuration) {
        this.configuration = configuration;
    }

    @GetMapping("/api/v1/ide/setup")
    Map<String, Object> setup() {
        String server = ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
        Integrations.IdeIntegration ide = configuration.config().integrations().ideIntegration();
        List<Map<String, Object>> families = new ArrayList<>();
        if (ide.vscodeExtension()) {
            families.add(family("vscode_extension", "Visual Studio Code", List.of(
                    assistant("Continue", "config.yaml in ~/.continue", """
                            models:
                              - name: Aurelis
                                provider: openai
                                model: auto
                                apiBase: %s/v1
                                apiKey: %s""".formatted(server, KEY)),
                    assistant("Cline / Roo Code / Kilo Code", "API Provider: OpenAI Compatible", """
                            Base URL: %s/v1
                            API Key:  %s
                            Model ID: auto""".formatted(server, KEY)),
                    assistant("GitHub Copilot Chat (bring your own key)",
                            "Chat: Manage Language Models > Add Models > Custom Endpoint", """
                            URL:     %s/v1/chat/completions
                            API key: %s""".formatted(server, KEY)))));
        }
        if (ide.jetbrainsPlugin()) {
            families.add(family("jetbrains_plugin", "JetBrains IDEs", List.of(
                    assistant("AI Assistant", "Settings > Tools > AI Assistant > Models > OpenAI-compatible", """
                            URL:     %s/v1
                            API key: %s""".formatted(server, KEY)),
                    assistant("Continue for JetBrains", "config.yaml in ~/.continue", """
                            models:
                              - name: Aurelis
                                provider: openai
                                model: auto
                                apiBase: %s/v1
                                apiKey: %s""".formatted(server, KEY)))));
        }
        if (ide.vimPlugin()) {
            families.add(family("vim_plugin", "Vim and Neovim", List.of(
                    assistant("avante.nvim", "require('avante').setup", """
                            provider = "openai",
                            providers = { openai = { endpoint = "%s/v1", model = "auto", api_key_name = "AURELIS_API_KEY" } }"""
                            .formatted(server)),
                    assistant("codecompanion.nvim", "adapters, with AURELIS_API_KEY=%s".formatted(KEY), """
                            openai_compatible = { env = { url = "%s", api_key = "AURELIS_API_KEY", chat_url = "/v1/chat/completions" } }"""
                            .formatted(server)),
                    assistant("vim-ai", "g:vim_ai_chat options, with the key in ~/.config/openai.token", """
                            let g:vim_ai_chat = {'options': {'endpoint_url': '%s/v1/chat/completions', 'model': 'auto'}}"""
                            .formatted(server)))));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("server_url", server);
        body.put("openai_base_url", server + "/v1");
        body.put("anthropic_base_url", server);
        body.put("families", families);
        body.put("refused", ide.refusedFamilies().stream().map(f -> "integrations.ide_integration." + f).toList());
        return body;
    }

    private static Map<String, Object> family(String setting, String ide, List<Map<String, Object>> assistants) {
        Map<String, Object> family = new LinkedHashMap<>();
        family.put("setting", "integrations.ide_integration." + setting);
        family.put("ide", ide);
        family.put("assistants", assistants);
        return family;
    }

    private static Map<String, Object> assistant(String name, String where, String settings) {
        Map<String, Object> assistant = new LinkedHashMap<>();
        assistant.put("name", name);
        assistant.put("where", where);
        assistant.put("settings", settings);
        return assistant;
    }
}
