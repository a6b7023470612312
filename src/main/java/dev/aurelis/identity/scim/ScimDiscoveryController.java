package dev.aurelis.identity.scim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * SCIM discovery (RFC 7644 §4): what this service provider supports, its resource types and their schemas.
 * Bulk, sorting, ETags and password changes are not offered.
 */
@RestController
@RequestMapping(path = "/scim/v2", produces = {ScimResources.MEDIA_TYPE, "application/json"})
class ScimDiscoveryController {

    private static final List<ObjectNode> SCHEMAS = loadSchemas();

    @GetMapping("/ServiceProviderConfig")
    ObjectNode serviceProviderConfig() {
        ObjectNode config = ScimResources.JSON.createObjectNode();
        config.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
        config.putObject("patch").put("supported", true);
        config.putObject("bulk").put("supported", false).put("maxOperations", 0).put("maxPayloadSize", 0);
        config.putObject("filter").put("supported", true).put("maxResults", ScimQuery.MAX_RESULTS);
        config.putObject("changePassword").put("supported", false);
        config.putObject("sort").put("supported", false);
        config.putObject("etag").put("supported", false);
        ObjectNode scheme = config.putArray("authenticationSchemes").addObject();
        scheme.put("type", "oauthbearertoken");
        scheme.put("name", "Bearer token");
        scheme.put("description", "An Aurelis API key whose roles grant scim:provision, sent as 'Authorization: Bearer <key>'.");
        scheme.put("primary", true);
        ObjectNode meta = config.putObject("meta");
        meta.put("resourceType", "ServiceProviderConfig");
        meta.put("location", ScimUsersController.baseUrl() + "/ServiceProviderConfig");
        return config;
    }

    @GetMapping("/ResourceTypes")
    ObjectNode resourceTypes() {
        List<ObjectNode> types = List.of(resourceType("User", "/Users", ScimResources.USER_SCHEMA),
                resourceType("Group", "/Groups", ScimResources.GROUP_SCHEMA));
        return ScimResources.list(types, types.size(), 1);
    }

    @GetMapping("/ResourceTypes/{id}")
    ObjectNode resourceType(@PathVariable String id) {
        return switch (id) {
            case "User" -> resourceType("User", "/Users", ScimResources.USER_SCHEMA);
            case "Group" -> resourceType("Group", "/Groups", ScimResources.GROUP_SCHEMA);
            default -> throw ScimException.notFound("No resource type " + id + ".");
        };
    }

    @GetMapping("/Schemas")
    ObjectNode schemas() {
        List<ObjectNode> located = SCHEMAS.stream().map(this::located).toList();
        return ScimResources.list(located, located.size(), 1);
    }

    @GetMapping("/Schemas/{id}")
    ObjectNode schema(@PathVariable String id) {
        return SCHEMAS.stream().filter(s -> s.path("id").asString().equals(id)).findFirst().map(this::located)
                .orElseThrow(() -> ScimException.notFound("No schema " + id + "."));
    }

    private ObjectNode located(ObjectNode schema) {
        ObjectNode copy = schema.deepCopy();
        ((ObjectNode) copy.get("meta")).put("location", ScimUsersController.baseUrl() + "/Schemas/" + schema.path("id").asString());
        return copy;
    }

    private static ObjectNode resourceType(String name, String endpoint, String schema) {
        ObjectNode type = ScimResources.JSON.createObjectNode();
        type.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ResourceType");
        type.put("id", name);
        type.put("name", name);
        type.put("endpoint", endpoint);
        type.put("description", name.equals("User") ? "Aurelis users" : "Aurelis teams managed by the identity provider");
        type.put("schema", schema);
        type.putArray("schemaExtensions");
        ObjectNode meta = type.putObject("meta");
        meta.put("resourceType", "ResourceType");
        meta.put("location", ScimUsersController.baseUrl() + "/ResourceTypes/" + name);
        return type;
    }

    private static List<ObjectNode> loadSchemas() {
        try (InputStream in = ScimDiscoveryController.class.getClassLoader().getResourceAsStream("scim/schemas.json")) {
            if (in == null) {
                throw new IllegalStateException("scim/schemas.json is missing from the classpath");
            }
            JsonNode array = ScimResources.JSON.readTree(in);
            List<ObjectNode> schemas = new ArrayList<>();
            ((ArrayNode) array).forEach(s -> schemas.add((ObjectNode) s));
            return List.copyOf(schemas);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
