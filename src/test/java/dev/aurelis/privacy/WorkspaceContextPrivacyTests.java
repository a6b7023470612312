package dev.aurelis.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The context a workspace shares goes through the privacy step like the rest of the prompt: a secret or an e-mail
 * address in a shared note reaches a cloud provider as a placeholder, and the ledger notes what was found.
 */
class WorkspaceContextPrivacyTests extends PrivacyTestBase {

    private HttpResponse<String> post(String key, String path, String body) {
        return GatewayHttp.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void aSecretInSharedContextIsRedactedBeforeACloudProviderSeesIt() {
        String key = newKey("ws-dev@privacy.test", "engineering");
        HttpResponse<String> made = post(ADMIN_KEY, "/api/v1/workspaces",
                "{\"name\":\"privacy-ws\",\"members\":[{\"member\":\"ws-dev@privacy.test\",\"role\":\"owner\"}]}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        HttpResponse<String> shared = post(key, "/api/v1/workspaces/privacy-ws/context",
                "{\"notes\":\"Deploy with AWS_ACCESS_KEY_ID=%s, questions to %s\"}".formatted(AWS_KEY, EMAIL));
        assertThat(shared.statusCode()).as(shared.body()).isEqualTo(201);

        HttpResponse<String> response = openAi("/v1/chat/completions", key, """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"How do I deploy?"}]}""",
                "x-aurelis-workspace", "privacy-ws");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String sent = FAKE.lastRequest().bodyText();
        assertThat(sent).contains("AWS_ACCESS_KEY_ID=[SECRET:aws_access_key#1]").contains("[PII:email#1]")
                .doesNotContain(AWS_KEY).doesNotContain(EMAIL);
        assertThat((String) ledgerRow(response).get("privacy")).contains("aws_access_key=1").contains("email=1");
    }
}
