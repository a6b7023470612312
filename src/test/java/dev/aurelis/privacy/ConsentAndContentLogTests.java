package dev.aurelis.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aurelis.privacy.consent.ContentLogStore;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.testing.AccessTestBase;
import dev.aurelis.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Consent management gates content logging ({@code compliance.consent_management: true},
 * {@code privacy.content_logging.enabled: true}): a person who consented has prompts and answers kept, sealed (the
 * table never holds them in the clear); withdrawing stops it at once and erases what was kept; without consent
 * nothing is kept; the hot path reads consent from memory; every change is in the audit trail.
 */
class ConsentAndContentLogTests extends AccessTestBase {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ContentLogging contentLogging;
    @Autowired
    ContentLogStore contentLog;

    @Test
    void consentedContentIsStoredSealedAndWithdrawalStopsAndErasesIt() throws Exception {
        String email = unique("consenting") + "@example.com";
        String key = newKey("{\"user\":\"" + email + "\",\"team\":\"platform\"}");
        UUID user = userId(email);

        HttpResponse<String> given = call(key, "PUT", "/api/v1/me/consents",
                "{\"purpose\":\"content_logging\",\"given\":true,\"policy_version\":\"2026-11\"}");
        assertThat(given.statusCode()).as(given.body()).isEqualTo(200);
        JsonNode consent = json(given.body()).get("consents").get(0);
        assertThat(consent.get("purpose").asString()).isEqualTo("content_logging");
        assertThat(consent.get("given").asBoolean()).isTrue();
        assertThat(consent.get("policy_version").asString()).isEqualTo("2026-11");
        assertThat(consent.hasNonNull("given_at")).isTrue();

        String marker = "marker-" + UUID.randomUUID();
        HttpResponse<String> chat = openAi("/v1/chat/completions", key, chatSaying(marker));
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
        String requestId = chat.headers().firstValue("x-aurelis-request-id").orElseThrow();
        assertThat(contentLogging.awaitWritten(Duration.ofSeconds(10))).isTrue();

        Map<String, Object> row = TenantContext.call(TENANT, () -> jdbc.sql(
                "select user_id, prompt, answer from privacy_content_log where tenant_id = ? and request_id = ?")
                .params(TENANT.value(), requestId).query().singleRow());
        assertThat(row.get("user_id")).isEqualTo(user);
        assertThat(new String((byte[]) row.get("prompt"), StandardCharsets.ISO_8859_1)).doesNotContain(marker);
        assertThat(new String((byte[]) row.get("answer"), StandardCharsets.ISO_8859_1))
                .doesNotContain(FakeUpstream.DEFAULT_REPLY);
        ContentLogStore.Entry opened = TenantContext.call(TENANT, () -> contentLog.read(TENANT, requestId)).orElseThrow();
        assertThat(new String(opened.prompt(), StandardCharsets.UTF_8)).contains(marker);
        assertThat(new String(opened.answer(), StandardCharsets.UTF_8)).contains(FakeUpstream.DEFAULT_REPLY);

        HttpResponse<String> withdrawn = call(key, "PUT", "/api/v1/me/consents",
                "{\"purpose\":\"content_logging\",\"given\":false}");

        assertThat(withdrawn.statusCode()).as(withdrawn.body()).isEqualTo(200);
        JsonNode after = json(withdrawn.body()).get("consents").get(0);
        assertThat(after.get("given").asBoolean()).isFalse();
        assertThat(after.hasNonNull("withdrawn_at")).isTrue();
        assertThat(after.get("policy_version").asString()).isEqualTo("2026-11");
        assertThat(loggedFor(user)).as("erased with the withdrawal, before its answer").isZero();

        HttpResponse<String> later = openAi("/v1/chat/completions", key, chatSaying(marker));
        assertThat(later.statusCode()).as(later.body()).isEqualTo(200);
        assertThat(contentLogging.awaitWritten(Duration.ofSeconds(10))).isTrue();
        assertThat(loggedFor(user)).as("nothing kept after the withdrawal").isZero();

        await().atMost(Duration.ofSeconds(15)).until(() -> auditActions(user).containsAll(
                List.of("privacy.consent_given", "privacy.consent_withdrawn")));
    }

    @Test
    void aStreamedExchangeKeepsItsPromptOnly() throws Exception {
        String email = unique("streaming") + "@example.com";
        String key = newKey("{\"user\":\"" + email + "\",\"team\":\"platform\"}");
        assertThat(call(key, "PUT", "/api/v1/me/consents",
                "{\"purpose\":\"content_logging\",\"given\":true,\"policy_version\":\"v1\"}").statusCode()).isEqualTo(200);

        HttpResponse<String> stream = openAi("/v1/chat/completions", key,
                "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"streamed\"}]}");

        assertThat(stream.statusCode()).as(stream.body()).isEqualTo(200);
        assertThat(contentLogging.awaitWritten(Duration.ofSeconds(10))).isTrue();
        String requestId = stream.headers().firstValue("x-aurelis-request-id").orElseThrow();
        ContentLogStore.Entry entry = TenantContext.call(TENANT, () -> contentLog.read(TENANT, requestId)).orElseThrow();
        assertThat(new String(entry.prompt(), StandardCharsets.UTF_8)).contains("streamed");
        assertThat(entry.answer()).isNull();
    }

    @Test
    void withoutConsentNothingIsStored() throws Exception {
        String email = unique("silent") + "@example.com";
        String key = newKey("{\"user\":\"" + email + "\",\"team\":\"platform\"}");

        HttpResponse<String> chat = openAi("/v1/chat/completions", key, chatSaying("never kept"));

        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
        assertThat(contentLogging.awaitWritten(Duration.ofSeconds(10))).isTrue();
        assertThat(loggedFor(userId(email))).isZero();
        JsonNode mine = json(call(key, "GET", "/api/v1/me/consents", null).body()).get("consents").get(0);
        assertThat(mine.get("given").asBoolean()).isFalse();
        assertThat(mine.get("erases_on_withdrawal").asBoolean()).isTrue();
    }

    @Test
    void theHotPathAsksMemoryNotTheDatabase() throws Exception {
        String email = unique("memory") + "@example.com";
        String key = newKey("{\"user\":\"" + email + "\",\"team\":\"platform\"}");
        UUID user = userId(email);
        assertThat(call(key, "PUT", "/api/v1/me/consents",
                "{\"purpose\":\"content_logging\",\"given\":true,\"policy_version\":\"v1\"}").statusCode()).isEqualTo(200);
        // the table now says withdrawn, as of an hour ago: older than what the register learnt by event, so no reload
        // takes it back; only a per-request database read would see it
        TenantContext.run(TENANT, () -> jdbc.sql("update privacy_consent set given = false, updated_at = ? "
                + "where tenant_id = ? and user_id = ?")
                .params(Timestamp.from(Instant.now().minus(Duration.ofHours(1))), TENANT.value(), user).update());

        // asked from a thread that acts for no tenant, where a database read could not see the row at all
        boolean wanted = CompletableFuture.supplyAsync(() -> contentLogging.wants(TENANT, user)).get();

        assertThat(wanted).isTrue();
        TenantContext.run(TENANT, () -> jdbc.sql("delete from privacy_consent where tenant_id = ? and user_id = ?")
                .params(TENANT.value(), user).update());
    }

    @Test
    void anAdministratorSeesAPersonsConsentsAndErasureRemovesThemWithTheLoggedContent() throws Exception {
        String email = unique("erased-consent") + "@example.com";
        String key = newKey("{\"user\":\"" + email + "\",\"team\":\"platform\"}");
        HttpResponse<String> given = call(key, "PUT", "/api/v1/me/consents",
                "{\"purpose\":\"content_logging\",\"given\":true,\"policy_version\":\"v2\"}");
        assertThat(given.statusCode()).as(given.body()).isEqualTo(200);
        HttpResponse<String> chat = openAi("/v1/chat/completions", key, chatSaying("keep me"));
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
        assertThat(contentLogging.awaitWritten(Duration.ofSeconds(10))).isTrue();

        HttpResponse<String> seen = admin("GET", "/api/v1/privacy/consents?user=" + email, null);
        assertThat(seen.statusCode()).as(seen.body()).isEqualTo(200);
        assertThat(json(seen.body()).get("consents").get(0).get("given").asBoolean()).isTrue();
        UUID user = userId(email);
        assertThat(loggedFor(user)).isEqualTo(1);

        HttpResponse<String> erased = admin("POST", "/api/v1/privacy/erasures", "{\"user\":\"" + email + "\"}");

        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(201);
        assertThat(erased.body()).contains("privacy_content_log").contains("privacy_consent");
        assertThat(loggedFor(user)).isZero();
        assertThat(TenantContext.call(TENANT, () -> jdbc.sql(
                "select count(*) from privacy_consent where tenant_id = ? and user_id = ?")
                .params(TENANT.value(), user).query(Long.class).single())).isZero();
    }

    @Test
    void badConsentRequestsAreClearErrors() {
        String key = newKey("{\"user\":\"" + unique("bad-consent") + "@example.com\",\"team\":\"platform\"}");

        HttpResponse<String> unknown = call(key, "PUT", "/api/v1/me/consents", "{\"purpose\":\"telemetry\",\"given\":true}");
        HttpResponse<String> noVersion = call(key, "PUT", "/api/v1/me/consents",
                "{\"purpose\":\"content_logging\",\"given\":true}");
        HttpResponse<String> noBody = call(key, "PUT", "/api/v1/me/consents", null);
        HttpResponse<String> nobody = admin("GET", "/api/v1/privacy/consents?user=nobody-here@example.com", null);

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("'telemetry' is not a consent purpose").contains("content_logging");
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(noVersion.body()).contains("policy_version is required");
        assertThat(noBody.statusCode()).isEqualTo(400);
        assertThat(nobody.statusCode()).isEqualTo(404);
    }

    private static String chatSaying(String text) {
        return "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    private UUID userId(String email) {
        return TenantContext.call(TENANT, () -> jdbc.sql("select id from identity_user where tenant_id = ? and email = ?")
                .params(TENANT.value(), email).query(UUID.class).single());
    }

    private long loggedFor(UUID user) {
        return TenantContext.call(TENANT, () -> jdbc.sql(
                "select count(*) from privacy_content_log where tenant_id = ? and user_id = ?")
                .params(TENANT.value(), user).query(Long.class).single());
    }

    private List<String> auditActions(UUID user) {
        return TenantContext.call(TENANT, () -> jdbc.sql(
                "select action from audit_entry where tenant_id = ? and target = ?")
                .params(TENANT.value(), "user:" + user).query(String.class).list());
    }
}
