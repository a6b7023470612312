package dev.aurelis.identity.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The PATCH examples of RFC 7644 §3.5.2, and the forms Okta and Microsoft Entra ID send. */
class ScimPatchTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BABS = "2819c223-7f76-453a-919d-413861904646";
    private static final String MANDY = "902c246b-6245-4190-8e05-00816be7344a";
    private static final String JAMES = "08e1d05d-121c-4561-8b96-473d93df9210";

    private static ObjectNode group() {
        return (ObjectNode) JSON.readTree("""
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                 "id": "e9e30dba-f08f-4109-8486-d5c6a331660a",
                 "displayName": "Tour Guides",
                 "members": [{"value": "%s", "display": "Babs Jensen"},
                             {"value": "%s", "display": "Mandy Pepperidge"}]}""".formatted(BABS, MANDY));
    }

    private static ObjectNode user() {
        return (ObjectNode) JSON.readTree("""
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                 "id": "%s",
                 "userName": "bjensen@example.com",
                 "name": {"givenName": "Barbara", "familyName": "Jensen"},
                 "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true}],
                 "active": true}""".formatted(BABS));
    }

    private static ObjectNode patched(ObjectNode resource, String operations) {
        ScimPatch.apply(resource, JSON.readTree("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":" + operations + "}"), Set.of("id", "meta", "schemas"));
        return resource;
    }

    private static java.util.List<String> members(JsonNode group) {
        return group.path("members").valueStream().map(m -> m.path("value").asString()).toList();
    }

    @Test
    void addsAMember() {
        ObjectNode result = patched(group(), """
                [{"op":"add","path":"members","value":[{"display":"James Smith","value":"%s"}]}]""".formatted(JAMES));
        assertThat(members(result)).containsExactly(BABS, MANDY, JAMES);
    }

    @Test
    void addingAMemberTwiceKeepsOne() {
        ObjectNode result = patched(group(), """
                [{"op":"add","path":"members","value":[{"value":"%s"}]}]""".formatted(BABS));
        assertThat(members(result)).containsExactly(BABS, MANDY);
    }

    @Test
    void removesAMemberSelectedByAFilter() {
        ObjectNode result = patched(group(), """
                [{"op":"remove","path":"members[value eq \\"%s\\"]"}]""".formatted(BABS));
        assertThat(members(result)).containsExactly(MANDY);
    }

    @Test
    void removesAllMembersThenAddsOthers() {
        assertThat(members(patched(group(), "[{\"op\":\"remove\",\"path\":\"members\"}]"))).isEmpty();
        ObjectNode result = patched(group(), """
                [{"op":"remove","path":"members"},
                 {"op":"add","path":"members","value":[{"value":"%s"},{"value":"%s"}]}]""".formatted(BABS, JAMES));
        assertThat(members(result)).containsExactly(BABS, JAMES);
    }

    @Test
    void replacesAllMembers() {
        ObjectNode result = patched(group(), """
                [{"op":"replace","path":"members","value":[{"value":"%s"},{"value":"%s"}]}]""".formatted(BABS, JAMES));
        assertThat(members(result)).containsExactly(BABS, JAMES);
    }

    @Test
    void replacesASubAttributeOfSelectedValues() {
        ObjectNode result = patched(user(), """
                [{"op":"replace","path":"emails[type eq \\"work\\"].value","value":"babs@example.com"}]""");
        assertThat(result.path("emails").get(0).path("value").asString()).isEqualTo("babs@example.com");
    }

    @Test
    void replacesAttributesNamedInAValueWithoutPath() {
        ObjectNode result = patched(user(), """
                [{"op":"replace","value":{"emails":[{"value":"bjensen@example.com","type":"work","primary":true},
                  {"value":"babs@jensen.org","type":"home"}],"nickName":"Babs"}}]""");
        assertThat(result.path("emails")).hasSize(2);
        assertThat(result.path("nickName").asString()).isEqualTo("Babs");
    }

    @Test
    void addsWithoutPathAppendingToMultiValuedAttributes() {
        ObjectNode result = patched(user(), """
                [{"op":"add","value":{"emails":[{"value":"babs@jensen.org","type":"home"}],"displayName":"Babs"}}]""");
        assertThat(result.path("emails")).hasSize(2);
        assertThat(result.path("displayName").asString()).isEqualTo("Babs");
    }

    @Test
    void deactivatesTheWayOktaDoes() {
        ObjectNode result = patched(user(), "[{\"op\":\"replace\",\"value\":{\"active\":false}}]");
        assertThat(result.path("active").asBoolean()).isFalse();
    }

    @Test
    void acceptsEntraCapitalisedOperationsAndStringBooleans() {
        ObjectNode result = patched(user(), """
                [{"op":"Replace","path":"active","value":"False"},
                 {"op":"Add","path":"externalId","value":"e-42"},
                 {"op":"Replace","path":"name.givenName","value":"Babs"},
                 {"op":"Replace","path":"urn:ietf:params:scim:schemas:core:2.0:User:displayName","value":"Babs J"},
                 {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Tours"}]""");
        assertThat(result.path("active").asString()).isEqualTo("False");
        assertThat(ScimResources.bool(result.path("active"))).isFalse();
        assertThat(result.path("externalId").asString()).isEqualTo("e-42");
        assertThat(result.path("name").path("givenName").asString()).isEqualTo("Babs");
        assertThat(result.path("name").path("familyName").asString()).isEqualTo("Jensen");
        assertThat(result.path("displayName").asString()).isEqualTo("Babs J");
        assertThat(result.has("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")).isFalse();
    }

    @Test
    void removesMembersListedInTheValueTheWayEntraDoes() {
        ObjectNode result = patched(group(), """
                [{"op":"Remove","path":"members","value":[{"value":"%s"}]}]""".formatted(MANDY));
        assertThat(members(result)).containsExactly(BABS);
    }

    @Test
    void restatingTheIdIsHarmlessButChangingItIsRefused() {
        ObjectNode result = patched(group(), """
                [{"op":"replace","value":{"id":"e9e30dba-f08f-4109-8486-d5c6a331660a","displayName":"Tour Guides"}}]""");
        assertThat(result.path("displayName").asString()).isEqualTo("Tour Guides");
        assertThatThrownBy(() -> patched(group(), "[{\"op\":\"replace\",\"path\":\"id\",\"value\":\"x\"}]"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("mutability"));
    }

    @Test
    void malformedPatchesAreRefusedWithTheirScimType() {
        assertThatThrownBy(() -> patched(group(), "[{\"op\":\"move\",\"path\":\"members\"}]"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidSyntax"));
        assertThatThrownBy(() -> patched(group(), "[{\"op\":\"remove\"}]"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("noTarget"));
        assertThatThrownBy(() -> patched(user(), "[{\"op\":\"replace\",\"path\":\"emails[type eq \\\"home\\\"].value\",\"value\":\"x\"}]"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("noTarget"));
        assertThatThrownBy(() -> patched(user(), "[{\"op\":\"replace\",\"path\":\"emails[type eq \\\"home\\\"\",\"value\":\"x\"}]"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> patched(user(), "[]"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidSyntax"));
        assertThatThrownBy(() -> ScimPatch.apply(user(), JSON.readTree("{\"schemas\":[\"urn:x\"],\"Operations\":[{\"op\":\"add\",\"path\":\"title\",\"value\":\"x\"}]}"), Set.of()))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidSyntax"));
    }
}
