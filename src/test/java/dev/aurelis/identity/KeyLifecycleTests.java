package dev.aurelis.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.testing.GatewayTestBase;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class KeyLifecycleTests extends GatewayTestBase {

    private static final TenantId TENANT = TenantId.of("tenant-test");

    private static final String CHAT = """
            {"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApiKeys keys;

    @Test
    void issuesAKeyOnceAndStoresOnlyItsHash() {
        HttpResponse<String> created = admin("POST", "/api/v1/keys",
                "{\"user\":\"Kim@Example.com\",\"team\":\"engineering\",\"project\":\"apollo\",\"name\":\"laptop\",\"expires_in\":\"30d\"}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode key = json(created.body());
        String secret = key.path("key").asString();
        assertThat(secret).startsWith("aur-").hasSizeGreaterThan(40);
        assertThat(key.path("prefix").asString()).isEqualTo(secret.substring(0, 12));
        assertThat(key.path("user").asString()).isEqualTo("kim@example.com");
        assertThat(key.path("project").asString()).isEqualTo("apollo");
        assertThat(key.path("status").asString()).isEqualTo("active");
        assertThat(key.path("expires_at").asString()).isNotBlank();

        String stored = TenantContext.call(TENANT, () ->
                jdbc.sql("select encode(key_hash, 'hex') || prefix from identity_api_key where id = ?::uuid")
                        .param(key.path("id").asString()).query(String.class).single());
        assertThat(stored).doesNotContain(secret.substring(12));

        HttpResponse<String> listed = admin("GET", "/api/v1/keys?user=kim@example.com", null);
        assertThat(listed.body()).doesNotContain(secret).contains(key.path("prefix").asString());
        assertThat(json(listed.body()).path("data").get(0).has("key")).isFalse();
    }

    @Test
    void attributesSpendToTheKeysProjectAndItsCostCenter() {
        String key = newKey("{\"user\":\"kim@example.com\",\"team\":\"engineering\",\"project\":\"apollo\"}");

        JsonNode record = ledgerRecord(openAi("/v1/chat/completions", key, CHAT));

        assertThat(record.path("project").asString()).isEqualTo("apollo");
        assertThat(record.path("cost_center").asString()).isEqualTo("APOLLO-1");
    }

    @Test
    void rotationKeepsTheOldKeyWorkingForTheGracePeriodOnly() {
        JsonNode original = json(admin("POST", "/api/v1/keys", "{\"user\":\"kim@example.com\",\"team\":\"engineering\"}").body());
        String oldKey = original.path("key").asString();

        HttpResponse<String> rotated = admin("POST", "/api/v1/keys/" + original.path("id").asString() + "/rotate",
                "{\"grace_period\":\"1h\"}");
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(201);
        String newKey = json(rotated.body()).path("key").asString();
        assertThat(newKey).isNotEqualTo(oldKey);
        assertThat(json(rotated.body()).path("team").asString()).isEqualTo("engineering");

        assertThat(openAi("/v1/chat/completions", oldKey, CHAT).statusCode()).isEqualTo(200);
        assertThat(openAi("/v1/chat/completions", newKey, CHAT).statusCode()).isEqualTo(200);
        JsonNode old = json(admin("GET", "/api/v1/keys/" + original.path("id").asString(), null).body());
        assertThat(old.path("status").asString()).isEqualTo("rotated");

        // the grace period ends
        TenantContext.run(TENANT, () ->
                jdbc.sql("update identity_api_key set grace_until = now() - interval '1 second' where id = ?::uuid")
                        .param(original.path("id").asString()).update());
        keys.reload();
        HttpResponse<String> refused = openAi("/v1/chat/completions", oldKey, CHAT);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("grace period ended");
        assertThat(openAi("/v1/chat/completions", newKey, CHAT).statusCode()).isEqualTo(200);
    }

    @Test
    void anExpiredKeyIsRefusedWithTheReason() {
        JsonNode created = json(admin("POST", "/api/v1/keys",
                "{\"user\":\"kim@example.com\",\"team\":\"engineering\",\"expires_in\":\"1h\"}").body());
        assertThat(openAi("/v1/chat/completions", created.path("key").asString(), CHAT).statusCode()).isEqualTo(200);

        TenantContext.run(TENANT, () ->
                jdbc.sql("update identity_api_key set expires_at = now() - interval '1 second' where id = ?::uuid")
                        .param(created.path("id").asString()).update());
        keys.reload();

        HttpResponse<String> refused = openAi("/v1/chat/completions", created.path("key").asString(), CHAT);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("expired");
        JsonNode listed = json(admin("GET", "/api/v1/keys/" + created.path("id").asString(), null).body());
        assertThat(listed.path("status").asString()).isEqualTo("expired");
    }

    @Test
    void revocationTakesEffectAtOnceAndIsIdempotent() {
        JsonNode created = json(admin("POST", "/api/v1/keys", "{\"user\":\"kim@example.com\",\"team\":\"engineering\"}").body());
        String id = created.path("id").asString();

        assertThat(admin("DELETE", "/api/v1/keys/" + id, null).statusCode()).isEqualTo(204);
        assertThat(admin("DELETE", "/api/v1/keys/" + id, null).statusCode()).isEqualTo(204);
        assertThat(openAi("/v1/chat/completions", created.path("key").asString(), CHAT).statusCode()).isEqualTo(401);
        assertThat(json(admin("GET", "/api/v1/keys?include_revoked=true&user=kim@example.com", null).body())
                .path("data").valueStream().filter(k -> k.path("id").asString().equals(id)).findFirst().orElseThrow()
                .path("status").asString()).isEqualTo("revoked");
        assertThat(admin("GET", "/api/v1/keys?user=kim@example.com", null).body()).doesNotContain(id);
    }

    @Test
    void rejectsBadKeyRequestsWithClearErrors() {
        assertThat(admin("POST", "/api/v1/keys", "{\"team\":\"engineering\"}").body()).contains("'user'");
        assertThat(admin("POST", "/api/v1/keys", "{\"user\":\"kim\"}").statusCode()).isEqualTo(400);
        assertThat(admin("POST", "/api/v1/keys", "{\"user\":\"kim@example.com\",\"expires_in\":\"soon\"}").body())
                .contains("not a duration");
        assertThat(admin("POST", "/api/v1/keys", "{\"user\":\"kim@example.com\",\"roles\":[\"wizard\"]}").body())
                .contains("Unknown role");
        assertThat(admin("POST", "/api/v1/keys", "{not json").statusCode()).isEqualTo(400);
        assertThat(admin("DELETE", "/api/v1/keys/not-a-uuid", null).statusCode()).isEqualTo(400);
        assertThat(admin("DELETE", "/api/v1/keys/00000000-0000-0000-0000-000000000000", null).statusCode()).isEqualTo(404);
    }

    @Test
    void theAdminApiRequiresAnAdminKeyWithTheRightPermission() {
        HttpResponse<String> anonymous = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/api/v1/keys")).build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json(anonymous.body()).path("error").path("type").asString()).isEqualTo("authentication_error");

        String developer = newKey("kim@example.com", "engineering");
        HttpResponse<String> forbidden = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/api/v1/keys"))
                .header("authorization", "Bearer " + developer).build());
        assertThat(forbidden.statusCode()).isEqualTo(403);

        HttpResponse<String> wrong = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/api/v1/usage"))
                .header("authorization", "Bearer aur-wrong").build());
        assertThat(wrong.statusCode()).isEqualTo(401);
    }
}
