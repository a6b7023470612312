package dev.aurelis.identity.scim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.access.BuiltInRoles;
import dev.aurelis.identity.KeyRevoked;
import dev.aurelis.identity.UserDeprovisioned;
import dev.aurelis.identity.UserProvisioned;
import dev.aurelis.identity.UserReactivated;
import dev.aurelis.testing.AccessTestBase;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * SCIM 2.0 users over HTTP, following the examples of RFC 7644 (§3.3 create, §3.4 query, §3.5.1 replace,
 * §3.5.2 modify, §3.6 delete, §3.12 errors) and the requests Okta and Microsoft Entra ID send. Aurelis knows
 * users by e-mail address, so a user resource must carry one (in {@code emails} or as {@code userName}).
 */
class ScimUsersTests extends AccessTestBase {

    private String token;

    @BeforeEach
    void provisioningToken() {
        if (token == null) {
            token = newKey("{\"user\":\"okta@example.com\",\"roles\":[\"scim_provisioner\"]}");
        }
    }

    private static String rfcUser(String userName, String email) {
        // RFC 7644 §3.3, with an e-mail address added
        return """
                {
                  "schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
                  "userName":"%s",
                  "externalId":"%s",
                  "name":{
                    "formatted":"Ms. Barbara J Jensen III",
                    "familyName":"Jensen",
                    "givenName":"Barbara"
                  },
                  "emails":[{"value":"%s","type":"work","primary":true}]
                }""".formatted(userName, userName, email);
    }

    private JsonNode create(String userName, String email) {
        HttpResponse<String> created = scim(token, "POST", "/Users", rfcUser(userName, email));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created.body());
    }

    @Test
    void leavesBreakGlassAccountsToAurelis() {
        String root = json(admin("GET", "/api/v1/users?email=admin@aurelis.local", null).body()).path("data").get(0)
                .path("id").asString();

        HttpResponse<String> deactivated = scim(token, "PATCH", "/Users/" + root, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","value":{"active":false}}]}""");
        HttpResponse<String> deleted = scim(token, "DELETE", "/Users/" + root, null);

        assertThat(deactivated.statusCode()).as(deactivated.body()).isEqualTo(403);
        assertThat(json(deactivated.body()).path("detail").asString()).contains("break-glass");
        assertThat(deleted.statusCode()).isEqualTo(403);
        assertThat(json(scim(token, "GET", "/Users/" + root, null).body()).path("active").asBoolean()).isTrue();
    }

    @Test
    void createsAUserAsInRfc7644() {
        String userName = unique("bjensen");
        HttpResponse<String> created = scim(token, "POST", "/Users", rfcUser(userName, userName + "@example.com"));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("content-type").orElseThrow()).startsWith("application/scim+json");
        JsonNode user = json(created.body());
        assertThat(user.path("schemas").get(0).asString()).isEqualTo("urn:ietf:params:scim:schemas:core:2.0:User");
        assertThat(UUID.fromString(user.path("id").asString())).isNotNull();
        assertThat(user.path("userName").asString()).isEqualTo(userName);
        assertThat(user.path("externalId").asString()).isEqualTo(userName);
        assertThat(user.path("name").path("familyName").asString()).isEqualTo("Jensen");
        assertThat(user.path("name").path("givenName").asString()).isEqualTo("Barbara");
        assertThat(user.path("emails").get(0).path("value").asString()).isEqualTo(userName + "@example.com");
        assertThat(user.path("active").asBoolean()).isTrue();
        assertThat(user.path("meta").path("resourceType").asString()).isEqualTo("User");
        assertThat(user.path("meta").path("location").asString())
                .isEqualTo(baseUrl() + "/scim/v2/Users/" + user.path("id").asString())
                .isEqualTo(created.headers().firstValue("location").orElseThrow());
        assertThat(published(UserProvisioned.class)).anySatisfy(e -> {
            assertThat(e.userId().toString()).isEqualTo(user.path("id").asString());
            assertThat(e.via()).isEqualTo("scim");
        });

        HttpResponse<String> fetched = scim(token, "GET", "/Users/" + user.path("id").asString(), null);
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(json(fetched.body()).path("userName").asString()).isEqualTo(userName);
    }

    @Test
    void refusesAUserWithoutAnEmailAddress() {
        HttpResponse<String> refused = scim(token, "POST", "/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bjensen","externalId":"bjensen",
                 "name":{"familyName":"Jensen","givenName":"Barbara"}}""");

        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode error = json(refused.body());
        assertThat(error.path("schemas").get(0).asString()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(error.path("status").asString()).isEqualTo("400");
        assertThat(error.path("scimType").asString()).isEqualTo("invalidValue");
        assertThat(error.path("detail").asString()).contains("e-mail");
    }

    @Test
    void answersUnknownIdsWithAScimNotFound() {
        HttpResponse<String> missing = scim(token, "GET", "/Users/" + UUID.randomUUID(), null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("content-type").orElseThrow()).startsWith("application/scim+json");
        assertThat(json(missing.body()).path("status").asString()).isEqualTo("404");
        assertThat(scim(token, "GET", "/Users/not-an-id", null).statusCode()).isEqualTo(404);
        assertThat(scim(token, "DELETE", "/Users/" + UUID.randomUUID(), null).statusCode()).isEqualTo(404);
    }

    @Test
    void filtersPagesAndProjectsUsers() {
        String prefix = unique("page");
        List<String> names = List.of(prefix + "-a", prefix + "-b", prefix + "-c");
        names.forEach(n -> create(n, n + "@example.com"));

        JsonNode page = json(scim(token, "GET", "/Users?filter=" + encode("userName sw \"" + prefix + "\"")
                + "&startIndex=2&count=1", null).body());
        assertThat(page.path("schemas").get(0).asString()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        assertThat(page.path("totalResults").asInt()).isEqualTo(3);
        assertThat(page.path("itemsPerPage").asInt()).isEqualTo(1);
        assertThat(page.path("startIndex").asInt()).isEqualTo(2);
        assertThat(page.path("Resources").get(0).path("userName").asString()).isEqualTo(names.get(1));

        // Okta and Entra look a user up by userName before creating it
        JsonNode exact = json(scim(token, "GET", "/Users?filter=" + encode("userName eq \"" + names.get(2).toUpperCase() + "\""), null).body());
        assertThat(exact.path("totalResults").asInt()).isEqualTo(1);
        assertThat(exact.path("Resources").get(0).path("userName").asString()).isEqualTo(names.get(2));

        JsonNode projected = json(scim(token, "GET", "/Users?attributes=userName&filter=" + encode("userName eq \"" + names.get(0) + "\""), null).body())
                .path("Resources").get(0);
        assertThat(projected.propertyNames()).containsExactlyInAnyOrder("schemas", "id", "userName");
        JsonNode excluded = json(scim(token, "GET", "/Users?excludedAttributes=emails,meta&filter=" + encode("userName eq \"" + names.get(0) + "\""), null).body())
                .path("Resources").get(0);
        assertThat(excluded.has("emails")).isFalse();
        assertThat(excluded.has("meta")).isFalse();
        assertThat(excluded.has("userName")).isTrue();

        HttpResponse<String> invalid = scim(token, "GET", "/Users?filter=" + encode("userName eq"), null);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid.body()).path("scimType").asString()).isEqualTo("invalidFilter");
    }

    @Test
    void searchesWithPostAsInRfc7644() {
        String prefix = unique("smith");
        create(prefix + "-jim", prefix + "-jim@example.com");
        HttpResponse<String> found = scim(token, "POST", "/Users/.search", """
                {
                  "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                  "attributes": ["displayName", "userName"],
                  "filter": "userName sw \\"%s\\"",
                  "startIndex": 1,
                  "count": 10
                }""".formatted(prefix));

        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        JsonNode list = json(found.body());
        assertThat(list.path("totalResults").asInt()).isEqualTo(1);
        assertThat(list.path("Resources").get(0).propertyNames()).containsExactlyInAnyOrder("schemas", "id", "userName");
    }

    @Test
    void replacesAUserAsInRfc7644() {
        String userName = unique("bjensen");
        String id = create(userName, userName + "@example.com").path("id").asString();

        // RFC 7644 §3.5.1: the first e-mail becomes the user's address
        HttpResponse<String> replaced = scim(token, "PUT", "/Users/" + id, """
                {
                  "schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
                  "id":"%s",
                  "userName":"%s",
                  "externalId":"bjensen",
                  "name":{"formatted":"Ms. Barbara J Jensen III","familyName":"Jensen","givenName":"Barbara","middleName":"Jane"},
                  "roles":[],
                  "emails":[{"value":"%s-new@example.com"},{"value":"babs@jensen.org"}]
                }""".formatted(id, userName, userName));

        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        JsonNode user = json(replaced.body());
        assertThat(user.path("externalId").asString()).isEqualTo("bjensen");
        assertThat(user.path("emails").get(0).path("value").asString()).isEqualTo(userName + "-new@example.com");
        assertThat(scim(token, "PUT", "/Users/" + id, rfcUser(userName, userName + "@example.com").replace("\"schemas\"",
                "\"id\":\"" + UUID.randomUUID() + "\",\"schemas\"")).statusCode()).isEqualTo(400);
    }

    @Test
    void deactivationRevokesTheUsersKeysAtOnceAndReactivationDoesNotRestoreThem() {
        String userName = unique("leaver") + "@example.com";
        String id = create(userName, userName).path("id").asString();
        String key = newKey("{\"user\":\"" + userName + "\",\"team\":\"platform\"}");
        assertThat(openAi("/v1/chat/completions", key, CHAT).statusCode()).isEqualTo(200);

        // Okta deactivates with a path-less replace
        HttpResponse<String> deactivated = scim(token, "PATCH", "/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","value":{"active":false}}]}""");

        assertThat(deactivated.statusCode()).as(deactivated.body()).isEqualTo(200);
        assertThat(json(deactivated.body()).path("active").asBoolean()).isFalse();
        HttpResponse<String> refused = openAi("/v1/chat/completions", key, CHAT);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(json(admin("GET", "/api/v1/keys?include_revoked=true&user=" + userName, null).body())
                .path("data").get(0).path("status").asString()).isEqualTo("revoked");
        assertThat(published(UserDeprovisioned.class)).anySatisfy(e -> {
            assertThat(e.userId().toString()).isEqualTo(id);
            assertThat(e.deleted()).isFalse();
        });
        assertThat(published(KeyRevoked.class)).hasSize(1);

        // Entra reactivates with a string boolean
        HttpResponse<String> reactivated = scim(token, "PATCH", "/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Replace","path":"active","value":"True"}]}""");
        assertThat(json(reactivated.body()).path("active").asBoolean()).isTrue();
        assertThat(published(UserReactivated.class)).hasSize(1);
        assertThat(openAi("/v1/chat/completions", key, CHAT).statusCode()).isEqualTo(401);
    }

    @Test
    void updatesAttributesTheWayEntraPatchesThem() {
        String userName = unique("entra") + "@example.com";
        String id = create(userName, userName).path("id").asString();

        HttpResponse<String> patched = scim(token, "PATCH", "/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[
                   {"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"renamed-%s"},
                   {"op":"Replace","path":"name.givenName","value":"Babs"},
                   {"op":"Add","path":"externalId","value":"0f2c-entra"},
                   {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Tours"}]}""".formatted(userName));

        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        JsonNode user = json(patched.body());
        assertThat(user.path("emails").get(0).path("value").asString()).isEqualTo("renamed-" + userName);
        assertThat(user.path("name").path("givenName").asString()).isEqualTo("Babs");
        assertThat(user.path("name").path("familyName").asString()).isEqualTo("Jensen");
        assertThat(user.path("externalId").asString()).isEqualTo("0f2c-entra");
        assertThat(json(scim(token, "GET", "/Users?filter=" + encode("externalId eq \"0f2c-entra\""), null).body())
                .path("totalResults").asInt()).isEqualTo(1);
    }

    @Test
    void deletingAUserRevokesTheirKeysAndRemovesThem() {
        String userName = unique("deleted") + "@example.com";
        String id = create(userName, userName).path("id").asString();
        String key = newKey("{\"user\":\"" + userName + "\",\"team\":\"platform\"}");

        HttpResponse<String> deleted = scim(token, "DELETE", "/Users/" + id, null);

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(scim(token, "GET", "/Users/" + id, null).statusCode()).isEqualTo(404);
        assertThat(openAi("/v1/chat/completions", key, CHAT).statusCode()).isEqualTo(401);
        assertThat(published(UserDeprovisioned.class)).anySatisfy(e -> assertThat(e.deleted()).isTrue());
        // provisioned again later, the same person gets a working account (and needs a new key)
        assertThat(scim(token, "POST", "/Users", rfcUser(userName, userName)).statusCode()).isEqualTo(201);
    }

    @Test
    void aSecondUserWithTheSameUserNameIsAUniquenessConflict() {
        String userName = unique("twin") + "@example.com";
        create(userName, userName);

        HttpResponse<String> conflict = scim(token, "POST", "/Users", rfcUser(userName.toUpperCase(), "other-" + userName));

        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(json(conflict.body()).path("scimType").asString()).isEqualTo("uniqueness");
    }

    @Test
    void onlyAKeyThatGrantsScimProvisionMayProvision() {
        HttpResponse<String> anonymous = scim(null, "GET", "/Users", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("content-type").orElseThrow()).startsWith("application/scim+json");
        assertThat(json(anonymous.body()).path("status").asString()).isEqualTo("401");

        String viewer = keyWithRole(BuiltInRoles.VIEWER, "matrix");
        HttpResponse<String> forbidden = scim(viewer, "GET", "/Users", null);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(json(forbidden.body()).path("detail").asString()).contains("scim:provision");

        // the provisioning token is good for nothing else
        assertThat(call(token, "GET", "/api/v1/keys", null).statusCode()).isEqualTo(403);
        assertThat(openAi("/v1/chat/completions", token, CHAT).statusCode()).isEqualTo(403);
    }

    @Test
    void describesWhatItSupports() {
        JsonNode config = json(scim(token, "GET", "/ServiceProviderConfig", null).body());
        assertThat(config.path("patch").path("supported").asBoolean()).isTrue();
        assertThat(config.path("filter").path("supported").asBoolean()).isTrue();
        assertThat(config.path("filter").path("maxResults").asInt()).isEqualTo(1000);
        assertThat(config.path("bulk").path("supported").asBoolean()).isFalse();
        assertThat(config.path("authenticationSchemes").get(0).path("type").asString()).isEqualTo("oauthbearertoken");

        JsonNode types = json(scim(token, "GET", "/ResourceTypes", null).body());
        assertThat(types.path("totalResults").asInt()).isEqualTo(2);
        assertThat(json(scim(token, "GET", "/ResourceTypes/Group", null).body()).path("endpoint").asString()).isEqualTo("/Groups");

        JsonNode schema = json(scim(token, "GET", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", null).body());
        assertThat(schema.path("attributes").valueStream().map(a -> a.path("name").asString()))
                .contains("userName", "name", "emails", "active", "groups");
        assertThat(json(scim(token, "GET", "/Schemas", null).body()).path("totalResults").asInt()).isEqualTo(2);
        assertThat(scim(token, "GET", "/Schemas/urn:unknown", null).statusCode()).isEqualTo(404);
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
