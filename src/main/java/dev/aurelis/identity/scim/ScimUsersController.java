package dev.aurelis.identity.scim;

import dev.aurelis.identity.AdminCallers;
import dev.aurelis.identity.Caller;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code /scim/v2/Users} (RFC 7644 §3.3–§3.6) for the caller's organisation. */
@RestController
@RequestMapping(path = "/scim/v2/Users", produces = {ScimResources.MEDIA_TYPE, "application/json"})
class ScimUsersController {

    private final ScimProvisioning provisioning;

    ScimUsersController(ScimProvisioning provisioning) {
        this.provisioning = provisioning;
    }

    @GetMapping
    ObjectNode list(@RequestParam(required = false) String filter, @RequestParam(required = false) Integer startIndex,
            @RequestParam(required = false) Integer count, @RequestParam(required = false) String attributes,
            @RequestParam(required = false) String excludedAttributes) {
        Caller caller = AdminCallers.current();
        return new ScimQuery(filter, startIndex, count, attributes, excludedAttributes)
                .answer(provisioning.allUsers(caller.tenantId(), baseUrl()));
    }

    @PostMapping("/.search")
    ObjectNode search(@RequestBody(required = false) JsonNode body) {
        Caller caller = AdminCallers.current();
        return ScimQuery.of(body).answer(provisioning.allUsers(caller.tenantId(), baseUrl()));
    }

    @PostMapping
    ResponseEntity<ObjectNode> create(@RequestBody(required = false) JsonNode body) {
        Caller caller = AdminCallers.current();
        ObjectNode user = provisioning.createUser(caller.tenantId(), body, actor(caller), baseUrl());
        return ResponseEntity.status(HttpStatus.CREATED).header("location", user.path("meta").path("location").asString())
                .body(user);
    }

    @GetMapping("/{id}")
    ObjectNode get(@PathVariable String id, @RequestParam(required = false) String attributes,
            @RequestParam(required = false) String excludedAttributes) {
        Caller caller = AdminCallers.current();
        return provisioning.user(caller.tenantId(), id(id), baseUrl())
                .map(u -> ScimResources.project(u, attributes, excludedAttributes))
                .orElseThrow(() -> ScimException.notFound("User " + id + " not found."));
    }

    @PutMapping("/{id}")
    ObjectNode replace(@PathVariable String id, @RequestBody(required = false) JsonNode body) {
        Caller caller = AdminCallers.current();
        return provisioning.replaceUser(caller.tenantId(), id(id), body, actor(caller), baseUrl());
    }

    @PatchMapping("/{id}")
    ObjectNode patch(@PathVariable String id, @RequestBody(required = false) JsonNode body) {
        Caller caller = AdminCallers.current();
        return provisioning.patchUser(caller.tenantId(), id(id), body, actor(caller), baseUrl());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        Caller caller = AdminCallers.current();
        provisioning.deleteUser(caller.tenantId(), id(id), actor(caller));
        return ResponseEntity.noContent().build();
    }

    static String baseUrl() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/scim/v2").toUriString();
    }

    static String actor(Caller caller) {
        return "scim:" + caller.email();
    }

    /** An id that is not a UUID names no resource: 404, as for any unknown id. */
    static UUID id(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ScimException.notFound("Resource " + id + " not found.");
        }
    }
}
