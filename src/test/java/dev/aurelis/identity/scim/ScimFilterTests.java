package dev.aurelis.identity.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The filter examples of RFC 7644 §3.4.2.2, evaluated against RFC 7643's example user (§8.2) and two more
 * users that tell the examples apart.
 */
class ScimFilterTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** RFC 7643 §8.2, "Full User Representation" (abridged to the attributes the examples use). */
    private static final JsonNode BABS = JSON.readTree("""
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
              "id": "2819c223-7f76-453a-919d-413861904646",
              "externalId": "701984",
              "userName": "bjensen@example.com",
              "name": {"formatted": "Ms. Barbara J Jensen, III", "familyName": "Jensen", "givenName": "Barbara"},
              "displayName": "Babs Jensen",
              "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true},
                         {"value": "babs@jensen.org", "type": "home"}],
              "ims": [{"value": "someaimhandle", "type": "aim"}],
              "userType": "Employee",
              "title": "Tour Guide",
              "active": true,
              "meta": {"resourceType": "User", "created": "2010-01-23T04:56:22Z",
                       "lastModified": "2011-05-13T04:42:34Z",
                       "location": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646"}
            }""");
    private static final JsonNode JSMITH = JSON.readTree("""
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
              "id": "08e1d05d-121c-4561-8b96-473d93df9210",
              "userName": "jsmith@example.org",
              "name": {"familyName": "Smith", "givenName": "James"},
              "emails": [{"value": "jsmith@example.org", "type": "work", "primary": true}],
              "ims": [{"value": "jsmith@foo.com", "type": "xmpp"}],
              "userType": "Intern",
              "active": false,
              "meta": {"resourceType": "User", "created": "2012-01-01T00:00:00Z", "lastModified": "2013-02-03T04:05:06Z"}
            }""");
    private static final JsonNode MOMALLEY = JSON.readTree("""
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
              "id": "902c246b-6245-4190-8e05-00816be7344a",
              "userName": "momalley@omalley.ie",
              "name": {"familyName": "O'Malley", "givenName": "Mary"},
              "emails": [{"value": "momalley@omalley.ie", "type": "work"}],
              "userType": "Contractor",
              "active": true,
              "meta": {"resourceType": "User", "created": "2011-05-13T04:42:34Z", "lastModified": "2011-05-13T04:42:34Z"}
            }""");
    private static final List<JsonNode> USERS = List.of(BABS, JSMITH, MOMALLEY);

    private static List<String> matching(String filter) {
        ScimFilter parsed = ScimFilter.parse(filter);
        return USERS.stream().filter(parsed::matches).map(u -> u.path("userName").asString().split("@")[0]).toList();
    }

    @Test
    void equalityIgnoresTheCaseOfUserNameButNotOfExternalId() {
        assertThat(matching("userName eq \"bjensen@example.com\"")).containsExactly("bjensen");
        assertThat(matching("userName Eq \"BJensen@Example.com\"")).containsExactly("bjensen");
        assertThat(matching("UserName eq \"bjensen@example.com\"")).containsExactly("bjensen");
        assertThat(matching("externalId eq \"701984\"")).containsExactly("bjensen");
        assertThat(matching("id eq \"2819C223-7F76-453A-919D-413861904646\"")).isEmpty();
    }

    @Test
    void containsStartsWithAndEndsWith() {
        assertThat(matching("name.familyName co \"O'Malley\"")).containsExactly("momalley");
        assertThat(matching("userName sw \"J\"")).containsExactly("jsmith");
        assertThat(matching("urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"J\"")).containsExactly("jsmith");
        assertThat(matching("userName ew \".ie\"")).containsExactly("momalley");
    }

    @Test
    void presenceAndDateTimeComparisons() {
        assertThat(matching("title pr")).containsExactly("bjensen");
        assertThat(matching("meta.lastModified gt \"2011-05-13T04:42:34Z\"")).containsExactly("jsmith");
        assertThat(matching("meta.lastModified ge \"2011-05-13T04:42:34Z\"")).containsExactly("bjensen", "jsmith", "momalley");
        assertThat(matching("meta.lastModified lt \"2011-05-13T04:42:34Z\"")).isEmpty();
        assertThat(matching("meta.lastModified le \"2011-05-13T04:42:34Z\"")).containsExactly("bjensen", "momalley");
    }

    @Test
    void logicalOperatorsGroupingAndNot() {
        assertThat(matching("title pr and userType eq \"Employee\"")).containsExactly("bjensen");
        assertThat(matching("title pr or userType eq \"Intern\"")).containsExactly("bjensen", "jsmith");
        assertThat(matching("schemas eq \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"")).containsExactly("bjensen");
        assertThat(matching("userType eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\")"))
                .containsExactly("bjensen");
        assertThat(matching("userType ne \"Employee\" and not (emails co \"example.com\" or emails.value co \"example.org\")"))
                .containsExactly("momalley");
        assertThat(matching("userType eq \"Employee\" and (emails.type eq \"work\")")).containsExactly("bjensen");
        assertThat(matching("active eq true")).containsExactly("bjensen", "momalley");
        assertThat(matching("active eq false or userType eq \"Contractor\" and title pr")).containsExactly("jsmith");
    }

    @Test
    void valuePathsSelectValuesOfMultiValuedAttributes() {
        assertThat(matching("userType eq \"Employee\" and emails[type eq \"work\" and value co \"@example.com\"]"))
                .containsExactly("bjensen");
        assertThat(matching("emails[type eq \"work\" and value co \"@example.com\"] or ims[type eq \"xmpp\" and value co \"@foo.com\"]"))
                .containsExactly("bjensen", "jsmith");
        assertThat(matching("emails[type eq \"home\"]")).containsExactly("bjensen");
    }

    @ParameterizedTest
    @ValueSource(strings = {"userName eq", "userName foo \"x\"", "(userName eq \"x\"", "userName eq bjensen",
            "not userName eq \"x\"", "userName eq \"x\" and", "emails[type eq \"work\"", "userName eq \"unclosed",
            "active gt true", "meta.created gt \"yesterday\"", ""})
    void malformedFiltersAreInvalidFilterErrors(String filter) {
        assertThatThrownBy(() -> matching(filter)).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.scimType()).isEqualTo("invalidFilter");
        });
    }
}
