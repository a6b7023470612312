package dev.aurelis.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aurelis.storage.SystemDatabase;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.testing.AccessTestBase;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Erasing a person: afterwards no table of the database holds their e-mail address or name, the ledger's totals are
 * unchanged (their usage is attributed to a pseudonym), their key no longer works, the audit trail still verifies,
 * and the receipt lists every store touched.
 */
class PersonErasureTests extends AccessTestBase {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    @SystemDatabase
    DataSource owner;

    @Test
    void aPersonWithKeysSessionsUsageAndAuditEntriesIsErasedEverywhereAndTheTrailStillVerifies() {
        String email = unique("forget-me") + "@example.com";
        String name = "Zebulon " + unique("Quist");
        String key = newKey("{\"user\":\"" + email + "\",\"team\":\"platform\"}");
        UUID userId = TenantContext.call(TENANT, () -> jdbc.sql("select id from identity_user where tenant_id = ? and email = ?")
                .params(TENANT.value(), email).query(UUID.class).single());
        // what sign-in would have left: a display name, a browser session and a TOTP seed
        TenantContext.run(TENANT, () -> {
            jdbc.sql("update identity_user set display_name = ? where tenant_id = ? and id = ?")
                    .params(name, TENANT.value(), userId).update();
            jdbc.sql("insert into identity_session (tenant_id, id, token_hash, user_id, method, mfa, expires_at) "
                    + "values (?, ?, ?, ?, 'oidc', 'passed', now() + interval '1 hour')")
                    .params(TENANT.value(), UUID.randomUUID(), UUID.randomUUID().toString().getBytes(), userId).update();
            jdbc.sql("insert into identity_totp (tenant_id, user_id, secret) values (?, ?, ?)")
                    .params(TENANT.value(), userId, new byte[] {1, 2, 3}).update();
        });
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> chat = openAi("/v1/chat/completions", key, CHAT);
            assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
        }
        // the ledger and the trail have everything: three exchanges, and the key's issue naming the person
        await().atMost(Duration.ofSeconds(30)).until(() -> auditMentions(email) >= 4 && usageRows(userId) == 3);
        BigDecimal costBefore = tenantCost();
        long tokensBefore = tenantTokens();
        assertThat(tablesMentioning(email)).isNotEmpty();

        HttpResponse<String> erased = admin("POST", "/api/v1/privacy/erasures", "{\"user\":\"" + email + "\"}");

        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(201);
        JsonNode receipt = json(erased.body());
        String pseudonym = receipt.get("pseudonym").asString();
        assertThat(pseudonym).startsWith("erased-").doesNotContain("forget");
        Map<String, JsonNode> stores = new java.util.HashMap<>();
        receipt.get("stores").forEach(s -> stores.putIfAbsent(s.get("store").asString() + ":" + s.get("action").asString(), s));
        assertThat(stores.get("identity_session:deleted").get("rows").asInt()).isEqualTo(1);
        assertThat(stores.get("identity_totp:deleted").get("rows").asInt()).isEqualTo(1);
        assertThat(stores.get("identity_api_key:revoked").get("rows").asInt()).isEqualTo(1);
        assertThat(stores.get("identity_user:pseudonymised").get("rows").asInt()).isEqualTo(1);
        assertThat(stores.get("spend_usage:pseudonymised").get("rows").asInt()).isEqualTo(3);
        assertThat(stores.get("audit_entry:pseudonymised").get("rows").asInt()).isGreaterThanOrEqualTo(4);
        assertThat(stores).containsKeys("analytics_dimension:pseudonymised", "analytics_user_activity:pseudonymised",
                "alerting_alert:pseudonymised");

        // the erasure is recorded under the pseudonym; once it is, nothing in flight still carries the person
        await().atMost(Duration.ofSeconds(30)).until(() -> TenantContext.call(TENANT, () -> jdbc.sql(
                "select count(*) from audit_entry where tenant_id = ? and action = 'privacy.erasure' and target = ?")
                .params(TENANT.value(), "subject:" + pseudonym).query(Long.class).single()) == 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(tablesMentioning(email)).isEmpty();
            assertThat(tablesMentioning(name)).isEmpty();
        });
        assertThat(tenantCost()).isEqualByComparingTo(costBefore);
        assertThat(tenantTokens()).isEqualTo(tokensBefore);
        assertThat(usageRowsAttributedTo(pseudonym + "@erased.invalid")).isEqualTo(3);
        assertThat(openAi("/v1/chat/completions", key, CHAT).statusCode()).isEqualTo(401);

        HttpResponse<String> verify = admin("GET", "/api/v1/audit/verify", null);
        assertThat(verify.statusCode()).as(verify.body()).isEqualTo(200);
        assertThat(json(verify.body()).get("valid").asBoolean()).as(verify.body()).isTrue();
    }

    @Test
    void theCommandLineErasesAPersonAndPrintsTheReceipt() {
        String email = unique("cli-forget") + "@example.com";
        newKey("{\"user\":\"" + email + "\",\"team\":\"platform\"}");
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = dev.aurelis.cli.AurelisCommand.run(new String[] {"privacy", "erase", email, "--url", baseUrl(),
                "--admin-key", ADMIN_KEY}, new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("now known as erased-").contains("identity_user").contains("spend_usage")
                .contains("audit_entry");
        assertThat(TenantContext.call(TENANT, () -> jdbc.sql("select count(*) from identity_user where tenant_id = ? and email = ?")
                .params(TENANT.value(), email).query(Long.class).single())).isZero();
    }

    @Test
    void anErasureNamesAKnownUserInAJsonBody() {
        assertThat(admin("POST", "/api/v1/privacy/erasures", "{}").statusCode()).isEqualTo(400);
        assertThat(admin("POST", "/api/v1/privacy/erasures", "{\"user\":").statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = admin("POST", "/api/v1/privacy/erasures", "{\"user\":\"nobody-here@example.com\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("not_found_error");
    }

    @Test
    void aDigestKeyRemovedWithoutAnErasureBreaksTheChain() {
        String email = unique("tampered") + "@example.com";
        newKey("{\"user\":\"" + email + "\",\"team\":\"platform\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> auditMentions(email) >= 1);
        long seq = TenantContext.call(TENANT, () -> jdbc.sql("select max(seq) from audit_entry where tenant_id = ? "
                + "and strpos(details, ?) > 0").params(TENANT.value(), email).query(Long.class).single());
        JdbcClient db = JdbcClient.create(owner);
        db.sql("alter table audit_entry disable trigger user").update();
        try {
            db.sql("update audit_entry set salt = null, details = '{}' where tenant_id = ? and seq = ?")
                    .params(TENANT.value(), seq).update();
        } finally {
            db.sql("alter table audit_entry enable trigger user").update();
        }
        try {
            JsonNode v = json(admin("GET", "/api/v1/audit/verify", null).body());
            assertThat(v.get("valid").asBoolean()).isFalse();
            assertThat(v.get("first_broken").get("seq").asLong()).isEqualTo(seq);
            assertThat(v.get("first_broken").get("problem").asString()).contains("without an erasure");
        } finally {
            // leave the shared tenant's trail verifiable for the other tests: this test's entry marked as erased
            db.sql("set aurelis.audit_erasure = 'on'").update();
            db.sql("update audit_entry set erased_at = now() where tenant_id = ? and seq = ?").params(TENANT.value(), seq).update();
            db.sql("reset aurelis.audit_erasure").update();
        }
    }

    private long auditMentions(String email) {
        return TenantContext.call(TENANT, () -> jdbc.sql("select count(*) from audit_entry where tenant_id = ? "
                + "and strpos(coalesce(actor, '') || details, ?) > 0").params(TENANT.value(), email).query(Long.class).single());
    }

    private long usageRows(UUID userId) {
        return TenantContext.call(TENANT, () -> jdbc.sql("select count(*) from spend_usage where tenant_id = ? and user_id = ?")
                .params(TENANT.value(), userId).query(Long.class).single());
    }

    private long usageRowsAttributedTo(String address) {
        return TenantContext.call(TENANT, () -> jdbc.sql("select count(*) from spend_usage where tenant_id = ? and user_email = ?")
                .params(TENANT.value(), address).query(Long.class).single());
    }

    private BigDecimal tenantCost() {
        return TenantContext.call(TENANT, () -> jdbc.sql("select coalesce(sum(cost), 0) from spend_usage where tenant_id = ?")
                .param(TENANT.value()).query(BigDecimal.class).single());
    }

    private long tenantTokens() {
        return TenantContext.call(TENANT, () -> jdbc.sql("select coalesce(sum(input_tokens + output_tokens), 0) from spend_usage where tenant_id = ?")
                .param(TENANT.value()).query(Long.class).single());
    }

    /** Every table and column of the database (read as its owner, past row-level security) whose text holds {@code text}. */
    private List<String> tablesMentioning(String text) {
        JdbcClient db = JdbcClient.create(owner);
        List<Map<String, Object>> columns = db.sql("""
                select c.table_schema, c.table_name, c.column_name from information_schema.columns c
                join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                where c.table_schema not in ('pg_catalog', 'information_schema') and t.table_type = 'BASE TABLE'
                  and c.data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY', 'bytea')
                """).query().listOfRows();
        List<String> found = new ArrayList<>();
        for (Map<String, Object> c : columns) {
            String column = "\"" + c.get("column_name") + "\"";
            String table = "\"" + c.get("table_schema") + "\".\"" + c.get("table_name") + "\"";
            String value = "bytea".equals(dataType(db, c)) ? "encode(" + column + ", 'escape')" : column + "::text";
            long n = db.sql("select count(*) from " + table + " where strpos(lower(" + value + "), lower(?)) > 0")
                    .param(text).query(Long.class).single();
            if (n > 0) {
                found.add(c.get("table_name") + "." + c.get("column_name") + " (" + n + ")");
            }
        }
        return found;
    }

    private static String dataType(JdbcClient db, Map<String, Object> column) {
        return db.sql("select data_type from information_schema.columns where table_schema = ? and table_name = ? and column_name = ?")
                .params(column.get("table_schema"), column.get("table_name"), column.get("column_name"))
                .query(String.class).single();
    }
}
