package dev.aurelis.api;

import dev.aurelis.access.AccessDenied;
import dev.aurelis.access.AccessPolicy;
import dev.aurelis.access.Permission;
import dev.aurelis.access.RoleDefinition;
import dev.aurelis.access.RoleScope;
import dev.aurelis.identity.AdminCallers;
import dev.aurelis.identity.Caller;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/roles}: the organisation's roles, and custom roles defined through the API. Built-in roles
 * and roles declared in the configuration file are read-only here. {@code /api/v1/permissions} lists the
 * permission vocabulary with what each permission implies and the permission of each gateway task.
 */
@RestController
class RolesController {

    private final AccessPolicy access;

    RolesController(AccessPolicy access) {
        this.access = access;
    }

    record RoleBody(String name, List<String> permissions, String scope, String description) {
    }

    record RoleView(String name, List<String> permissions, String scope, boolean builtIn, String source,
            String description) {

        static RoleView of(RoleDefinition role) {
            return new RoleView(role.name(), role.permissions(), role.scope().configName(), role.builtIn(), role.source(),
                    role.description());
        }
    }

    record PermissionView(String name, String description, List<String> implies) {
    }

    @GetMapping("/api/v1/permissions")
    Map<String, Object> permissions() {
        List<PermissionView> vocabulary = Permission.VOCABULARY.entrySet().stream()
                .map(e -> new PermissionView(e.getKey(), e.getValue(),
                        Permission.expand(List.of(e.getKey())).stream().filter(p -> !p.equals(e.getKey())).sorted().toList()))
                .toList();
        Map<String, String> tasks = new LinkedHashMap<>();
        Permission.TASKS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> tasks.put(e.getKey(), e.getValue()));
        return Map.of("data", vocabulary, "tasks", tasks, "default_task", Permission.DEFAULT_TASK);
    }

    @GetMapping("/api/v1/roles")
    Map<String, List<RoleView>> list() {
        Caller caller = AdminCallers.current();
        return Map.of("data", access.roles(caller.tenantId()).stream().map(RoleView::of).toList());
    }

    @GetMapping("/api/v1/roles/{name}")
    RoleView get(@PathVariable String name) {
        Caller caller = AdminCallers.current();
        return access.role(caller.tenantId(), name).map(RoleView::of)
                .orElseThrow(() -> new NoSuchElementException("No role named '" + name + "'."));
    }

    @PostMapping("/api/v1/roles")
    ResponseEntity<RoleView> create(@RequestBody(required = false) RoleBody body) {
        Caller caller = organizationWide();
        if (body == null || body.name() == null) {
            throw new IllegalArgumentException("'name' and 'permissions' are required.");
        }
        RoleDefinition role = access.defineRole(caller.tenantId(), body.name(), body.permissions(), scopeOf(body),
                body.description(), caller.asGrantor());
        return ResponseEntity.status(HttpStatus.CREATED).body(RoleView.of(role));
    }

    @PutMapping("/api/v1/roles/{name}")
    RoleView update(@PathVariable String name, @RequestBody(required = false) RoleBody body) {
        Caller caller = organizationWide();
        if (body == null) {
            throw new IllegalArgumentException("'permissions' is required.");
        }
        if (body.name() != null && !body.name().equals(name)) {
            throw new IllegalArgumentException("A role cannot be renamed; define a new one.");
        }
        return RoleView.of(access.redefineRole(caller.tenantId(), name, body.permissions(), scopeOf(body),
                body.description(), caller.asGrantor()));
    }

    @DeleteMapping("/api/v1/roles/{name}")
    ResponseEntity<Void> delete(@PathVariable String name) {
        Caller caller = organizationWide();
        access.deleteRole(caller.tenantId(), name, caller.asGrantor());
        return ResponseEntity.noContent().build();
    }

    private static RoleScope scopeOf(RoleBody body) {
        return body.scope() == null ? null : RoleScope.of(body.scope());
    }

    /** Roles are the organisation's; only an organisation-wide roles:manage may change them. */
    static Caller organizationWide() {
        Caller caller = AdminCallers.current();
        if (!caller.scopeOf(Permission.ROLES_MANAGE).organization()) {
            throw new AccessDenied("Changing roles requires 'roles:manage' across the organisation.");
        }
        return caller;
    }
}
