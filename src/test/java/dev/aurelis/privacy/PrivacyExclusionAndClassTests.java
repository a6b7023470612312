package dev.aurelis.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Content exclusion by path and repository, and the data class an exchange gets, acted on by policy. */
class PrivacyExclusionAndClassTests extends PrivacyTestBase {

    @Test
    void anExcludedRepositoryIsRefusedWhateverTheRequestSays() {
        String key = newKey("dev@privacy.test", "engineering");
        HttpResponse<String> response = openAi("/v1/chat/completions", key, """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"explain this function"}]}""",
                "x-aurelis-repository", "acme/vault");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).at("/error/message").asString())
                .contains("the excluded repository 'acme/vault'").contains("x-aurelis-repository");
        assertThat(FAKE.requestCount()).isZero();
    }

    @Test
    void anExcludedPathIsRedactedWithTheToolResultThatCarriesItsContent() {
        String key = newKey("dev@privacy.test", "engineering");
        HttpResponse<String> response = anthropic("/v1/messages", key, """
                {"model":"claude-sonnet-4-5","max_tokens":64,"messages":[
                  {"role":"user","content":"what is in there?"},
                  {"role":"assistant","content":[{"type":"tool_use","id":"toolu_9","name":"Read",
                    "input":{"file_path":"/home/dev/app/secrets/prod.yaml"}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_9","content":"db: primary\\nregion: eu"}]},
                  {"role":"user","content":"and src/main/App.java is fine"}]}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var sent = FAKE.lastRequest().body();
        assertThat(sent.at("/messages/1/content/0/input/file_path").asString()).isEqualTo("[EXCLUDED:secrets/**]");
        assertThat(sent.at("/messages/2/content/0/content").asString()).isEqualTo("[EXCLUDED:secrets/**]");
        assertThat(sent.at("/messages/3/content").asString()).isEqualTo("and src/main/App.java is fine");
        assertThat(ledgerRow(response).get("privacy")).isEqualTo("redacted class=internal excluded_path=2");
    }

    @Test
    void theClassComesFromRepositoryAndPathHintsAndFindings() {
        String key = newKey("dev@privacy.test", "engineering");
        HttpResponse<String> site = openAi("/v1/chat/completions", key, """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"fix the footer"}]}""",
                "x-aurelis-repository", "acme/website");
        HttpResponse<String> prod = openAi("/v1/chat/completions", key, """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"review infra/prod/main.tf"}]}""");
        HttpResponse<String> plain = openAi("/v1/chat/completions", key, """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"write a sort"}]}""");

        assertThat(site.statusCode()).isEqualTo(200);
        assertThat(prod.statusCode()).isEqualTo(200);
        // no policy acts on these classes: the exchanges pass, and the ledger notes each one's class
        assertThat(ledgerRow(site).get("privacy")).isEqualTo("passed class=public");
        assertThat(ledgerRow(plain).get("privacy")).isEqualTo("passed class=internal");
        assertThat(ledgerRow(prod).get("privacy")).isEqualTo("passed class=restricted");

        HttpResponse<String> leaky = openAi("/v1/chat/completions", key, """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"fix %s"}]}""".formatted(EMAIL),
                "x-aurelis-repository", "acme/website");
        assertThat(ledgerRow(leaky).get("privacy")).isEqualTo("redacted class=confidential email=1");
    }

    @Test
    void aPolicyOnTheClassActsOnIt() {
        String key = newKey("ops@privacy.test", "ops");
        HttpResponse<String> restricted = openAi("/v1/chat/completions", key, """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"review infra/prod/main.tf"}]}""");
        HttpResponse<String> internal = openAi("/v1/chat/completions", key, """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"review infra/staging/main.tf"}]}""");

        assertThat(restricted.statusCode()).isEqualTo(400);
        assertThat(json(restricted.body()).at("/error/message").asString()).contains("the data class 'restricted'");
        assertThat(ledgerRow(restricted).get("privacy")).isEqualTo("blocked class=restricted");
        assertThat(internal.statusCode()).as(internal.body()).isEqualTo(200);
    }
}
