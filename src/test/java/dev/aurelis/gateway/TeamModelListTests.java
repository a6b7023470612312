package dev.aurelis.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayTestBase;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A team's model allow-list names only models clients can ask for: a typo is refused, with the known names. */
class TeamModelListTests extends GatewayTestBase {

    @Test
    void anUnknownModelIsRefusedWithTheListOfKnownOnes() {
        HttpResponse<String> refused = admin("PUT", "/api/v1/teams/restricted/models", "{\"models\":[\"gpt-4o-mini\",\"gpt-4o-mnii\"]}");

        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode error = json(refused.body()).path("error");
        assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asString()).contains("'gpt-4o-mnii'").contains("Known models:")
                .contains("gpt-4o-mini").contains("claude-sonnet-4-5").doesNotContain("'gpt-4o-mini'");

        // nothing changed: the team still has its one model
        String key = newKey("rex@example.com", "restricted");
        assertThat(openAi("/v1/chat/completions", key,
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode()).isEqualTo(200);
        HttpResponse<String> same = admin("PUT", "/api/v1/teams/restricted/models", "{\"models\":[\"gpt-4o-mini\"]}");
        assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
    }
}
