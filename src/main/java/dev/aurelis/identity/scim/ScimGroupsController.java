package dev.aurelis.identity.scim;

import dev.aurelis.identity.AdminCallers;
import dev.aurelis.identity.Caller;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code /scim/v2/Groups}: groups are teams whose membership the identity provider manages. */
@RestController
@RequestMapping(path = "/scim/v2/Groups", produces = {ScimResources.MEDIA_TYPE, "application/json"})
class ScimGroupsController {

    private final ScimProvisioning provisioning;

    ScimGroupsController(ScimProvisioning provisioning) {
        this.provisioning = provisioning;
    }

    @GetMapping
    ObjectNode list(@RequestParam(required = false) String filter, @RequestParam(required = false) Integer startIndex,
            @RequestParam(required = false) Integer count, @RequestParam(required = false) String attributes,
            @RequestParam(required = false) String excludedAttributes) {
        Caller caller = AdminCallers.current();
        return new ScimQuery(filter, startIndex, count, attributes, excludedAttributes)
                .answer(provisioning.allGroups(caller.tenantId(), ScimUsersController.baseUrl()));
    }

    @PostMapping("/.search")
    ObjectNode search(@RequestBody(required = false) JsonNode body) {
        Caller caller = AdminCallers.current();
        return ScimQuery.of(body).answer(provisioning.allGroups(caller.tenantId(), ScimUsersController.baseUrl()));
    }

    @PostMapping
    ResponseEntity<ObjectNode> create(@RequestBody(required = false) JsonNode body) {
        Caller caller = AdminCallers.current();
        ObjectNode group = provisioning.createGroup(caller.tenantId(), body, ScimUsersController.actor(caller),
                ScimUsersController.baseUrl());
        return ResponseEntity.status(HttpStatus.CREATED).header("location", group.path("meta").path("location").asString())
                .body(group);
    }

    @GetMapping("/{id}")
    ObjectNode get(@PathVariable String id, @RequestParam(required = false) String attributes,
            @RequestParam(required = false) String excludedAttributes) {
        Caller caller = AdminCallers.current();
        return provisioning.group(caller.tenantId(), ScimUsersController.id(id), ScimUsersController.baseUrl())
                .map(g -> ScimResources.project(g, attributes, excludedAttributes))
                .orElseThrow(() -> ScimException.notFound("Group " + id + " not found."));
    }

    @PutMapping("/{id}")
    ObjectNode replace(@PathVariable String id, @RequestBody(required = false) JsonNode body) {
        Caller caller = AdminCallers.current();
        return provisioning.replaceGroup(caller.tenantId(), ScimUsersController.id(id), body,
                ScimUsersController.actor(caller), ScimUsersController.baseUrl());
    }

    @PatchMapping("/{id}")
    ObjectNode patch(@PathVariable String id, @RequestBody(required = false) JsonNode body) {
        Caller caller = AdminCallers.current();
        return provisioning.patchGroup(caller.tenantId(), ScimUsersController.id(id), body,
                ScimUsersController.actor(caller), ScimUsersController.baseUrl());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        Caller caller = AdminCallers.current();
        provisioning.deleteGroup(caller.tenantId(), ScimUsersController.id(id), ScimUsersController.actor(caller));
        return ResponseEntity.noContent().build();
    }
}
