package dev.aurelis.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.storage.SystemDatabase;
import dev.aurelis.testing.AccessTestBase;
import java.net.http.HttpResponse;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A person's pulse survey answers (ADR 0072) are their own say, comment included: erasing the person deletes them,
 * and the receipt names the store.
 */
class SurveyErasureTests extends AccessTestBase {

    @Autowired
    @SystemDatabase
    DataSource owner;

    private long answersOf(String email) {
        // as the database owner, whom row-level security does not restrict
        return JdbcClient.create(owner).sql("select count(*) from analytics_survey_response where user_email = lower(?)")
                .param(email).query(Long.class).single();
    }

    @Test
    void erasingAPersonDeletesTheirSurveyAnswers() {
        String email = unique("survey-erased") + "@example.com";
        String key = newKey("{\"user\":\"" + email + "\",\"team\":\"platform\"}");
        HttpResponse<String> answered = call(key, "POST", "/api/v1/surveys/responses",
                "{\"satisfaction\":2,\"time_saved\":\"none\",\"comment\":\"my manager is too strict about reviews\"}");
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(201);
        assertThat(answersOf(email)).isEqualTo(1);

        HttpResponse<String> erased = admin("POST", "/api/v1/privacy/erasures", "{\"user\":\"" + email + "\"}");

        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(201);
        JsonNode store = json(erased.body()).path("stores").valueStream()
                .filter(s -> s.path("store").asString().equals("analytics_survey_response")).findFirst().orElseThrow();
        assertThat(store.path("action").asString()).isEqualTo("deleted");
        assertThat(store.path("rows").asInt()).isEqualTo(1);
        assertThat(answersOf(email)).isZero();
    }
}
