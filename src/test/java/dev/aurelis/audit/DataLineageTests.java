package dev.aurelis.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aurelis.audit.chain.AuditLog;
import dev.aurelis.storage.SystemDatabase;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.testing.AccessTestBase;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** An exchange's lineage: the model asked for, what served it, its ledger record; and links other modules add. */
class DataLineageTests extends AccessTestBase {

    @Autowired
    AuditTrail trail;
    @Autowired
    DataLineage lineage;
    @Autowired
    @SystemDatabase
    DataSource owner;

    @Test
    void anExchangesLineageLeadsFromTheRequestToItsLedgerRecordAndToWhatLinksToIt() {
        String email = unique("lineage") + "@example.com";
        String key = newKey("{\"user\":\"" + email + "\",\"team\":\"platform\"}");
        HttpResponse<String> exchange = openAi("/v1/chat/completions", key, CHAT);
        String requestId = exchange.headers().firstValue("x-aurelis-request-id").orElseThrow();

        JsonNode[] lineage = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            HttpResponse<String> answer = admin("GET", "/api/v1/lineage/" + requestId, null);
            lineage[0] = answer.statusCode() == 200 ? json(answer.body()) : null;
            return lineage[0] != null;
        });
        assertThat(lineage[0].path("user").asString()).isEqualTo(email);
        assertThat(lineage[0].path("model_requested").asString()).isEqualTo("gpt-4o-mini");
        JsonNode attempt = lineage[0].path("attempts").get(0);
        assertThat(attempt.path("model_served").asString()).isEqualTo("gpt-4o-mini");
        assertThat(attempt.path("provider").asString()).isEqualTo("fake-openai");
        assertThat(attempt.path("status").asInt()).isEqualTo(200);
        assertThat(attempt.path("ledger_record").asString()).isNotBlank();

        // a later module (workflows) links a pull request to the exchange through the trail
        String pullRequest = "https://github.example.com/acme/app/pull/" + unique("pr");
        trail.record(TENANT, List.of(AuditDraft.of(TENANT.value(), "workflow", "workflow.pull_request_opened", email,
                "repo:acme/app", AuditDraft.SUCCESS, Map.of("request_id", requestId, "pull_request", pullRequest,
                        "commit", "0123abc"))));

        JsonNode linked = json(admin("GET", "/api/v1/lineage/" + requestId, null).body());
        assertThat(linked.path("links").get(0).path("details").path("pull_request").asString()).isEqualTo(pullRequest);
        JsonNode reverse = json(admin("GET", "/api/v1/lineage?pull_request=" + pullRequest, null).body());
        assertThat(reverse.path("exchanges").get(0).path("request_id").asString()).isEqualTo(requestId);

        assertThat(admin("GET", "/api/v1/lineage/no-such-request", null).statusCode()).isEqualTo(404);
        assertThat(admin("GET", "/api/v1/lineage", null).statusCode()).isEqualTo(400);
    }

    @Test
    void anEntryKeepsItsRequestIdInAColumnAndEntriesRecordedBeforeThatColumnAreStillFound() {
        TenantId tenant = TenantId.of(unique("lineage-column"));
        String requestId = unique("req");
        JdbcTemplate asOwner = new JdbcTemplate(owner);
        // recorded before the request id had a column of its own: only its details say it
        asOwner.update("insert into audit_entry (tenant_id, seq, id, occurred_at, recorded_at, category, action, "
                + "outcome, details, prev_hash, hash) values (?, 1000, gen_random_uuid(), now(), now(), 'exchange', "
                + "'exchange.completed', 'success', ?, decode('00', 'hex'), decode('00', 'hex'))", tenant.value(),
                "{\"model_requested\":\"old-model\",\"request_id\":\"" + requestId + "\"}");
        trail.record(tenant, List.of(
                AuditDraft.of(tenant.value(), "workflow", "workflow.pull_request_opened", "ci", "repo:acme/app",
                        AuditDraft.SUCCESS, Map.of("request_id", requestId, "pull_request", "acme/app#7")),
                AuditDraft.of(tenant.value(), "admin", "key.created", "ci", "key", AuditDraft.SUCCESS,
                        Map.of("note", "about no exchange"))));

        assertThat(asOwner.queryForList("select request_id from audit_entry where tenant_id = ? order by seq",
                String.class, tenant.value())) // the link, the entry about no exchange, the old entry
                .containsExactly(requestId, null, null);
        Map<String, Object> found = lineage.of(tenant, requestId).orElseThrow();
        assertThat(found.get("model_requested")).isEqualTo("old-model");
        assertThat((List<?>) found.get("links")).hasSize(1);
        assertThat(lineage.byDetail(tenant, "pull_request", "acme/app#7")).containsExactly(requestId);
    }

    @Test
    void findingAnExchangesEntriesReadsAnIndexForNewEntriesAndOneForEntriesRecordedBefore() throws SQLException {
        TenantId tenant = TenantId.of(unique("lineage-plan"));
        JdbcTemplate asOwner = new JdbcTemplate(owner);
        // a trail of thousands of entries, half recorded before the request id had a column of its own
        asOwner.update("insert into audit_entry (tenant_id, seq, id, occurred_at, recorded_at, category, action, "
                + "outcome, details, request_id, prev_hash, hash) select ?, n, gen_random_uuid(), now(), now(), 'exchange', "
                + "'exchange.completed', 'success', format('{\"request_id\":\"req_%s\"}', n), "
                + "case when n % 2 = 0 then 'req_' || n end, decode('00', 'hex'), decode('00', 'hex') "
                + "from generate_series(1, 4000) n", tenant.value());
        asOwner.execute("analyze audit_entry");
        String query = "explain select seq from audit_entry where tenant_id = '" + tenant.value() + "'"
                + AuditLog.OF_REQUEST.replace("?", "'req_17'");
        List<String> plan = new ArrayList<>();
        try (Connection connection = owner.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(query)) {
            while (rs.next()) {
                plan.add(rs.getString(1));
            }
        }
        assertThat(String.join("\n", plan)).contains("Index Scan on audit_entry_request_id ")
                .contains("Index Scan on audit_entry_request_in_details ").doesNotContain("Seq Scan");
        assertThat(lineage.of(tenant, "req_17")).isPresent();
        assertThat(lineage.of(tenant, "req_18")).isPresent();
    }
}
