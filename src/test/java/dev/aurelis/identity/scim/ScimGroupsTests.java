package dev.aurelis.identity.scim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.identity.GroupDeprovisioned;
import dev.aurelis.identity.GroupProvisioned;
import dev.aurelis.identity.TeamMemberAdded;
import dev.aurelis.identity.TeamMemberRemoved;
import dev.aurelis.testing.AccessTestBase;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * SCIM 2.0 groups over HTTP: a group is a team whose membership the identity provider manages. Follows the
 * member operations of RFC 7644 §3.5.2 and the requests of Okta and Microsoft Entra ID.
 */
class ScimGroupsTests extends AccessTestBase {

    private String token;

    @BeforeEach
    void provisioningToken() {
        if (token == null) {
            token = newKey("{\"user\":\"entra@example.com\",\"roles\":[\"scim_provisioner\"]}");
        }
    }

    private String user(String name) {
        String email = unique(name) + "@example.com";
        HttpResponse<String> created = scim(token, "POST", "/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",
                 "emails":[{"value":"%s","primary":true}]}""".formatted(email, email));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created.body()).path("id").asString();
    }

    private JsonNode group(String displayName, String... members) {
        StringBuilder list = new StringBuilder();
        for (String member : members) {
            list.append(list.isEmpty() ? "" : ",").append("{\"value\":\"").append(member).append("\"}");
        }
        HttpResponse<String> created = scim(token, "POST", "/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"%s","members":[%s]}"""
                .formatted(displayName, list));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created.body());
    }

    private HttpResponse<String> patch(String groupId, String operations) {
        return scim(token, "PATCH", "/Groups/" + groupId,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":" + operations + "}");
    }

    private static List<String> members(JsonNode group) {
        return group.path("members").valueStream().map(m -> m.path("value").asString()).toList();
    }

    @Test
    void createsAGroupWithMembersAsATeam() {
        String babs = user("babs");
        String mandy = user("mandy");
        String team = unique("Tour Guides");

        JsonNode group = group(team, babs, mandy);

        assertThat(group.path("displayName").asString()).isEqualTo(team);
        assertThat(members(group)).containsExactlyInAnyOrder(babs, mandy);
        assertThat(group.path("meta").path("resourceType").asString()).isEqualTo("Group");
        JsonNode teams = json(admin("GET", "/api/v1/teams", null).body()).path("data");
        assertThat(teams.valueStream().filter(t -> t.path("name").asString().equals(team)).findFirst().orElseThrow()
                .path("members").asInt()).isEqualTo(2);
        JsonNode babsResource = json(scim(token, "GET", "/Users/" + babs, null).body());
        assertThat(babsResource.path("groups").get(0).path("value").asString()).isEqualTo(group.path("id").asString());
        assertThat(babsResource.path("groups").get(0).path("display").asString()).isEqualTo(team);
        assertThat(published(GroupProvisioned.class)).hasSize(1);
        assertThat(published(TeamMemberAdded.class)).hasSize(2);
    }

    @Test
    void addsRemovesAndReplacesMembersAsInRfc7644() {
        String babs = user("babs");
        String mandy = user("mandy");
        String james = user("james");
        String id = group(unique("Tour Guides"), babs).path("id").asString();

        // §3.5.2.1 add
        JsonNode added = json(patch(id, """
                [{"op":"add","path":"members","value":[{"display":"Mandy Pepperidge","value":"%s"}]}]""".formatted(mandy)).body());
        assertThat(members(added)).containsExactlyInAnyOrder(babs, mandy);

        // §3.5.2.2 remove one selected by a filter
        JsonNode removed = json(patch(id, """
                [{"op":"remove","path":"members[value eq \\"%s\\"]"}]""".formatted(babs)).body());
        assertThat(members(removed)).containsExactly(mandy);

        // §3.5.2.3 replace all
        JsonNode replaced = json(patch(id, """
                [{"op":"replace","path":"members","value":[{"value":"%s"},{"value":"%s"}]}]""".formatted(babs, james)).body());
        assertThat(members(replaced)).containsExactlyInAnyOrder(babs, james);

        // §3.5.2.2 remove all, then add in the same request
        JsonNode swapped = json(patch(id, """
                [{"op":"remove","path":"members"},{"op":"add","path":"members","value":[{"value":"%s"}]}]""".formatted(mandy)).body());
        assertThat(members(swapped)).containsExactly(mandy);
        assertThat(members(json(scim(token, "GET", "/Groups/" + id, null).body()))).containsExactly(mandy);
        assertThat(published(TeamMemberRemoved.class)).hasSize(4);
    }

    @Test
    void handlesEntraMemberRemovalAndGroupLookupWithoutMembers() {
        String babs = user("babs");
        String mandy = user("mandy");
        String team = unique("Entra Group");
        String id = group(team, babs, mandy).path("id").asString();

        HttpResponse<String> removed = patch(id, """
                [{"op":"Remove","path":"members","value":[{"value":"%s"}]}]""".formatted(babs));
        assertThat(members(json(removed.body()))).containsExactly(mandy);

        JsonNode found = json(scim(token, "GET", "/Groups?excludedAttributes=members&filter="
                + java.net.URLEncoder.encode("displayName eq \"" + team + "\"", java.nio.charset.StandardCharsets.UTF_8), null).body());
        assertThat(found.path("totalResults").asInt()).isEqualTo(1);
        assertThat(found.path("Resources").get(0).has("members")).isFalse();
        assertThat(found.path("Resources").get(0).path("id").asString()).isEqualTo(id);
    }

    @Test
    void membershipAppliesTheTeamsRolesAndModelAllowList() {
        String email = unique("member") + "@example.com";
        HttpResponse<String> created = scim(token, "POST", "/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s"}""".formatted(email));
        String id = json(created.body()).path("id").asString();
        String key = newKey("{\"user\":\"" + email + "\"}");
        String gpt4o = CHAT.replace("gpt-4o-mini", "gpt-4o");
        assertThat(openAi("/v1/chat/completions", key, gpt4o).statusCode()).isEqualTo(200);

        // 'restricted' is declared in the configuration (developers, gpt-4o-mini only): the IdP now manages it
        String group = group("restricted", id).path("id").asString();

        assertThat(openAi("/v1/chat/completions", key, gpt4o).statusCode()).isEqualTo(403);
        assertThat(openAi("/v1/chat/completions", key, CHAT).statusCode()).isEqualTo(200);
        patch(group, "[{\"op\":\"remove\",\"path\":\"members\"}]");
        assertThat(openAi("/v1/chat/completions", key, gpt4o).statusCode()).isEqualTo(200);
        assertThat(scim(token, "DELETE", "/Groups/" + group, null).statusCode()).isEqualTo(204);
    }

    @Test
    void aGroupKeepsItsNameButRestatingItIsHarmless() {
        JsonNode group = group(unique("Fixed Name"));
        String id = group.path("id").asString();

        HttpResponse<String> restated = patch(id, """
                [{"op":"replace","value":{"id":"%s","displayName":"%s"}}]""".formatted(id, group.path("displayName").asString()));
        assertThat(restated.statusCode()).as(restated.body()).isEqualTo(200);

        HttpResponse<String> renamed = patch(id, "[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Another Name\"}]");
        assertThat(renamed.statusCode()).isEqualTo(400);
        assertThat(json(renamed.body()).path("scimType").asString()).isEqualTo("mutability");
    }

    @Test
    void deletingAGroupEmptiesTheTeamButKeepsIt() {
        String babs = user("babs");
        String team = unique("Temporary");
        String id = group(team, babs).path("id").asString();

        assertThat(scim(token, "DELETE", "/Groups/" + id, null).statusCode()).isEqualTo(204);

        assertThat(scim(token, "GET", "/Groups/" + id, null).statusCode()).isEqualTo(404);
        assertThat(json(scim(token, "GET", "/Users/" + babs, null).body()).path("groups")).isEmpty();
        assertThat(admin("GET", "/api/v1/teams", null).body()).contains("\"" + team + "\"");
        assertThat(published(GroupDeprovisioned.class)).hasSize(1);
        // the identity provider may push it again
        assertThat(group(team).path("members")).isEmpty();
    }

    @Test
    void refusesUnknownMembersAndDuplicateGroups() {
        String team = unique("Unique");
        group(team);

        HttpResponse<String> duplicate = scim(token, "POST", "/Groups", "{\"displayName\":\"" + team + "\"}");
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(json(duplicate.body()).path("scimType").asString()).isEqualTo("uniqueness");

        HttpResponse<String> stranger = scim(token, "POST", "/Groups",
                "{\"displayName\":\"" + unique("Strangers") + "\",\"members\":[{\"value\":\"" + UUID.randomUUID() + "\"}]}");
        assertThat(stranger.statusCode()).isEqualTo(400);
        assertThat(json(stranger.body()).path("scimType").asString()).isEqualTo("invalidValue");

        HttpResponse<String> nameless = scim(token, "POST", "/Groups", "{\"members\":[]}");
        assertThat(nameless.statusCode()).isEqualTo(400);
        assertThat(scim(token, "POST", "/Groups", "{not json").statusCode()).isEqualTo(400);
    }
}
