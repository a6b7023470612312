package dev.aurelis.spend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.DefaultSpendTestBase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code x-aurelis-project} names only a project the caller may bill: one declared in the organisation, whose
 * teams or departments (when it lists any) include the caller's, and never another project than the one the key is
 * bound to. Refusals come in the caller's wire format, before anything is reserved or sent to a provider. The
 * organisation declares {@code open-project} (anyone), {@code storefront} (team frontend) and {@code brand}
 * (department design, whose sub-department design-systems it admits too).
 */
class ProjectHeaderTests extends DefaultSpendTestBase {

    @Test
    void aDeclaredProjectOpenToEveryoneIsBilled() {
        String key = newKey("open@projects.example", "engineering");

        HttpResponse<String> answer = chatFor(key, "open-project");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode record = ledgerRecord(answer);
        assertThat(record.path("project").asString()).isEqualTo("open-project");
        assertThat(record.path("cost_center").asString()).as("the named project's cost center").isEqualTo("ENG-100");
    }

    @Test
    void aProjectLimitedToTeamsOrDepartmentsAdmitsOnlyTheirMembers() {
        String frontend = newKey("fe@projects.example", "frontend");
        String engineering = newKey("eng@projects.example", "engineering");

        assertThat(chatFor(frontend, "storefront").statusCode()).isEqualTo(200);
        HttpResponse<String> outsider = chatFor(engineering, "storefront");
        assertThat(outsider.statusCode()).isEqualTo(403);
        JsonNode error = json(outsider.body()).path("error");
        assertThat(error.path("type").asString()).isEqualTo("permission_error");
        assertThat(error.path("code").asString()).isEqualTo("project_not_allowed");
        assertThat(error.path("message").asString()).contains("storefront").contains("team 'engineering'");
        assertThat(ledgerRecord(outsider).path("status").asInt()).as("the refusal is recorded as what the client got")
                .isEqualTo(403);

        String designer = newKey("designer@projects.example", "designers");
        String designSystems = newKey("ds@projects.example", "design-systems-team");
        assertThat(chatFor(designer, "brand").statusCode()).as("a team of department design").isEqualTo(200);
        assertThat(chatFor(designSystems, "brand").statusCode()).as("a team of a sub-department of design")
                .isEqualTo(200);
        assertThat(chatFor(engineering, "brand").statusCode()).isEqualTo(403);
    }

    @Test
    void anUndeclaredProjectIsRefusedInTheAnthropicShapeToo() {
        String key = newKey("typo@projects.example", "engineering");

        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/messages"))
                .header("x-api-key", key).header("anthropic-version", "2023-06-01")
                .header("content-type", "application/json").header("x-aurelis-project", "open-projct")
                .POST(HttpRequest.BodyPublishers.ofString(message("claude-sonnet-4-5", false, 16))).build());

        assertThat(answer.statusCode()).isEqualTo(400);
        JsonNode body = json(answer.body());
        assertThat(body.path("type").asString()).isEqualTo("error");
        assertThat(body.path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(body.path("error").path("message").asString()).contains("no project 'open-projct'");
    }

    @Test
    void aKeyBoundToAProjectCannotBillAnother() {
        String key = newKey("{\"user\":\"bound@projects.example\",\"team\":\"engineering\",\"project\":\"open-project\"}");

        assertThat(chatFor(key, "open-project").statusCode()).as("naming its own project is fine").isEqualTo(200);
        HttpResponse<String> other = chatFor(key, "storefront");

        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(json(other.body()).path("error").path("message").asString())
                .contains("This key bills project 'open-project'; it cannot bill 'storefront'");
    }

    private HttpResponse<String> chatFor(String key, String project) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .header("x-aurelis-project", project)
                .POST(HttpRequest.BodyPublishers.ofString(chat("gpt-4o", false, 16))).build());
    }
}
