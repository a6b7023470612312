package dev.aurelis.identity.scim;

import dev.aurelis.identity.User;
import dev.aurelis.identity.UserDetails;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The SCIM JSON form of users and groups, list responses, and reading users from it. */
final class ScimResources {

    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final String SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
    static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    static final String MEDIA_TYPE = "application/scim+json";

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Canonical spelling of the attributes Aurelis keeps, by lower-case name (SCIM names ignore case). */
    static final Map<String, String> CANONICAL = Map.ofEntries(
            Map.entry("schemas", "schemas"), Map.entry("id", "id"), Map.entry("externalid", "externalId"),
            Map.entry("username", "userName"), Map.entry("name", "name"), Map.entry("givenname", "givenName"),
            Map.entry("familyname", "familyName"), Map.entry("formatted", "formatted"),
            Map.entry("displayname", "displayName"), Map.entry("emails", "emails"), Map.entry("value", "value"),
            Map.entry("type", "type"), Map.entry("primary", "primary"), Map.entry("display", "display"),
            Map.entry("active", "active"), Map.entry("groups", "groups"), Map.entry("members", "members"),
            Map.entry("meta", "meta"), Map.entry("$ref", "$ref"));

    private ScimResources() {
    }

    /** A user's SCIM form; {@code groups} are the SCIM groups (managed teams) they belong to. */
    static ObjectNode user(User user, List<ScimGroupDirectory.Group> groups, String baseUrl) {
        ObjectNode node = JSON.createObjectNode();
        node.putArray("schemas").add(USER_SCHEMA);
        node.put("id", user.id().toString());
        if (user.externalId() != null) {
            node.put("externalId", user.externalId());
        }
        node.put("userName", user.userName());
        if (user.givenName() != null || user.familyName() != null) {
            ObjectNode name = node.putObject("name");
            if (user.givenName() != null) {
                name.put("givenName", user.givenName());
            }
            if (user.familyName() != null) {
                name.put("familyName", user.familyName());
            }
            name.put("formatted", String.join(" ", java.util.stream.Stream.of(user.givenName(), user.familyName())
                    .filter(s -> s != null && !s.isBlank()).toList()));
        }
        if (user.displayName() != null) {
            node.put("displayName", user.displayName());
        }
        ArrayNode emails = node.putArray("emails");
        ObjectNode email = emails.addObject();
        email.put("value", user.email());
        email.put("type", "work");
        email.put("primary", true);
        node.put("active", user.active());
        ArrayNode groupArray = node.putArray("groups");
        for (ScimGroupDirectory.Group group : groups) {
            ObjectNode ref = groupArray.addObject();
            ref.put("value", group.id().toString());
            ref.put("$ref", baseUrl + "/Groups/" + group.id());
            ref.put("display", group.team());
            ref.put("type", "direct");
        }
        meta(node, "User", user.createdAt(), user.updatedAt(), baseUrl + "/Users/" + user.id());
        return node;
    }

    /** A group's SCIM form with its members (users, by id). */
    static ObjectNode group(ScimGroupDirectory.Group group, List<User> members, String baseUrl) {
        ObjectNode node = JSON.createObjectNode();
        node.putArray("schemas").add(GROUP_SCHEMA);
        node.put("id", group.id().toString());
        if (group.externalId() != null) {
            node.put("externalId", group.externalId());
        }
        node.put("displayName", group.team());
        ArrayNode array = node.putArray("members");
        Instant lastModified = group.lastModified();
        for (User member : members) {
            ObjectNode ref = array.addObject();
            ref.put("value", member.id().toString());
            ref.put("$ref", baseUrl + "/Users/" + member.id());
            ref.put("display", member.userName());
            ref.put("type", "User");
        }
        meta(node, "Group", group.created(), lastModified, baseUrl + "/Groups/" + group.id());
        return node;
    }

    private static void meta(ObjectNode node, String type, Instant created, Instant lastModified, String location) {
        ObjectNode meta = node.putObject("meta");
        meta.put("resourceType", type);
        meta.put("created", created.toString());
        meta.put("lastModified", lastModified.toString());
        meta.put("location", location);
    }

    /** A ListResponse (RFC 7644 §3.4.2) of one page of resources. */
    static ObjectNode list(List<? extends JsonNode> page, int total, int startIndex) {
        ObjectNode node = JSON.createObjectNode();
        node.putArray("schemas").add(LIST_RESPONSE);
        node.put("totalResults", total);
        node.put("itemsPerPage", page.size());
        node.put("startIndex", startIndex);
        ArrayNode resources = node.putArray("Resources");
        page.forEach(resources::add);
        return node;
    }

    /** What a user resource says, and whether it says the user is active (null: it does not say). */
    record UserInput(UserDetails details, Boolean active) {
    }

    /** Reads a user resource (POST, PUT, or the result of PATCH); attribute names ignore case. */
    static UserInput userInput(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ScimException.invalidSyntax("The request body must be a SCIM User resource (a JSON object).");
        }
        String userName = text(body, "userName");
        if (userName == null || userName.isBlank()) {
            throw ScimException.invalidValue("'userName' is required.");
        }
        String email = primaryEmail(ScimFilter.AttrPath.field(body, "emails"));
        if (email == null && userName.contains("@")) {
            email = userName;
        }
        if (email == null) {
            throw ScimException.invalidValue("An e-mail address is required: give 'emails' or an e-mail as 'userName'.");
        }
        JsonNode name = ScimFilter.AttrPath.field(body, "name");
        Boolean active = bool(ScimFilter.AttrPath.field(body, "active"));
        return new UserInput(new UserDetails(email, userName.strip(), text(body, "externalId"),
                text(body, "displayName"), text(name, "givenName"), text(name, "familyName")), active);
    }

    private static String primaryEmail(JsonNode emails) {
        if (emails == null || emails.isNull()) {
            return null;
        }
        if (!emails.isArray()) {
            throw ScimException.invalidValue("'emails' must be an array of {\"value\": …, \"type\": …, \"primary\": …}.");
        }
        String primary = null;
        String work = null;
        String first = null;
        for (JsonNode email : emails) {
            String value = text(email, "value");
            if (value == null || value.isBlank()) {
                continue;
            }
            if (first == null) {
                first = value;
            }
            if (Boolean.TRUE.equals(bool(ScimFilter.AttrPath.field(email, "primary"))) && primary == null) {
                primary = value;
            }
            if ("work".equalsIgnoreCase(text(email, "type")) && work == null) {
                work = value;
            }
        }
        return primary != null ? primary : work != null ? work : first;
    }

    static String text(JsonNode node, String name) {
        JsonNode value = ScimFilter.AttrPath.field(node, name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw ScimException.invalidValue("'" + name + "' must be a string.");
        }
        return value.asString();
    }

    /** A boolean, also as the strings "true"/"false" in any case (as some providers send it). */
    static Boolean bool(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isString() && (value.asString().equalsIgnoreCase("true") || value.asString().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(value.asString().toLowerCase(Locale.ROOT));
        }
        throw ScimException.invalidValue("'" + value + "' is not a boolean.");
    }

    /** The member ids of a group resource's {@code members}. */
    static Set<UUID> memberIds(JsonNode members) {
        Set<UUID> ids = new LinkedHashSet<>();
        if (members == null || members.isNull()) {
            return ids;
        }
        if (!members.isArray()) {
            throw ScimException.invalidValue("'members' must be an array of {\"value\": \"<user id>\"}.");
        }
        for (JsonNode member : members) {
            String value = member.isString() ? member.asString() : text(member, "value");
            ids.add(uuid(value, "member"));
        }
        return ids;
    }

    static UUID uuid(String value, String what) {
        try {
            return UUID.fromString(value == null ? "" : value.strip());
        } catch (IllegalArgumentException e) {
            throw ScimException.invalidValue("'" + value + "' is not a " + what + " id.");
        }
    }

    /**
     * Applies {@code attributes} / {@code excludedAttributes} (RFC 7644 §3.4.2.5) to top-level attributes and
     * sub-attributes; {@code schemas} and {@code id} are always returned.
     */
    static ObjectNode project(ObjectNode resource, String attributes, String excludedAttributes) {
        if (attributes != null && !attributes.isBlank()) {
            ObjectNode result = JSON.createObjectNode();
            result.set("schemas", resource.get("schemas"));
            result.set("id", resource.get("id"));
            for (String attribute : split(attributes)) {
                ScimFilter.AttrPath path = ScimFilter.AttrPath.parse(attribute);
                if (path.extension()) {
                    continue;
                }
                String top = canonical(resource, path.names().getFirst());
                JsonNode value = resource.get(top);
                if (value == null) {
                    continue;
                }
                if (path.names().size() == 1 || !value.isObject()) {
                    result.set(top, value);
                } else {
                    String sub = canonical(value, path.names().get(1));
                    if (value.get(sub) != null) {
                        ObjectNode parent = result.has(top) ? (ObjectNode) result.get(top) : result.putObject(top);
                        parent.set(sub, value.get(sub));
                    }
                }
            }
            return result;
        }
        if (excludedAttributes != null && !excludedAttributes.isBlank()) {
            ObjectNode result = resource.deepCopy();
            for (String attribute : split(excludedAttributes)) {
                ScimFilter.AttrPath path = ScimFilter.AttrPath.parse(attribute);
                if (path.extension()) {
                    continue;
                }
                String top = canonical(result, path.names().getFirst());
                if (top.equals("schemas") || top.equals("id")) {
                    continue;
                }
                if (path.names().size() == 1) {
                    result.remove(top);
                } else if (result.get(top) instanceof ObjectNode parent) {
                    parent.remove(canonical(parent, path.names().get(1)));
                }
            }
            return result;
        }
        return resource;
    }

    private static List<String> split(String list) {
        List<String> names = new ArrayList<>();
        for (String name : list.split(",")) {
            if (!name.isBlank()) {
                names.add(name.strip());
            }
        }
        return names;
    }

    /** The key a node uses for {@code name} (any case), or the canonical spelling when it has none. */
    static String canonical(JsonNode node, String name) {
        if (node != null && node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (entry.getKey().equalsIgnoreCase(name)) {
                    return entry.getKey();
                }
            }
        }
        return CANONICAL.getOrDefault(name.toLowerCase(Locale.ROOT), name);
    }
}
