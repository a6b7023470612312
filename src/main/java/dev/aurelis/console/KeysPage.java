package dev.aurelis.console;

import dev.aurelis.access.AccessDenied;
import dev.aurelis.access.Permission;
import dev.aurelis.access.Scope;
import dev.aurelis.identity.ApiKeyInfo;
import dev.aurelis.identity.ApiKeys;
import dev.aurelis.identity.Caller;
import dev.aurelis.identity.Durations;
import dev.aurelis.identity.IssuedKey;
import dev.aurelis.identity.KeyRequest;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.Team;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * API keys: the keys within the caller's {@code keys:read} reach, and, for those with {@code keys:manage}, issuing
 * (the secret is shown once, on the answer to the form) and revoking within that permission's reach, as the admin
 * API does. Keys outside the reach do not exist here.
 */
@Controller
class KeysPage {

    private final ApiKeys keys;
    private final Organizations organizations;

    KeysPage(ApiKeys keys, Organizations organizations) {
        this.keys = keys;
        this.organizations = organizations;
    }

    @GetMapping("/console/keys")
    String list(Model model) {
        Caller caller = ConsoleModel.require("/console/keys");
        return page(caller, model, null);
    }

    @PostMapping("/console/keys")
    String issue(@RequestParam(required = false) String user, @RequestParam(required = false) String team,
            @RequestParam(required = false) String name, @RequestParam(name = "expires_in", required = false) String expiresIn,
            Model model) {
        Caller caller = ConsoleModel.require("/console/keys");
        if (!caller.has(Permission.KEYS_MANAGE)) {
            throw new AccessDenied("Issuing keys needs the permission 'keys:manage', which your roles do not grant.");
        }
        if (user == null || !user.contains("@")) {
            throw new IllegalArgumentException("Give the key owner's e-mail address.");
        }
        String teamName = team == null || team.isBlank() ? null : team.strip();
        if (!reaches(caller, caller.scopeOf(Permission.KEYS_MANAGE), teamName, null)) {
            throw new AccessDenied("You may issue keys only for teams within your reach.");
        }
        Instant expiresAt = expiresIn == null || expiresIn.isBlank() ? null
                : Durations.fromNow(Durations.parse(expiresIn.strip()));
        IssuedKey issued = keys.issue(new KeyRequest(caller.tenantId(), user.strip(), teamName, null,
                name == null || name.isBlank() ? null : name.strip(), expiresAt, null), caller.asGrantor());
        return page(caller, model, issued);
    }

    @PostMapping("/console/keys/{id}/revoke")
    String revoke(@PathVariable UUID id, @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        Caller caller = ConsoleModel.require("/console/keys");
        Scope scope = caller.scopeOf(Permission.KEYS_MANAGE);
        ApiKeyInfo key = keys.find(caller.tenantId(), id).filter(k -> reaches(caller, scope, k.team(), k.userId()))
                .orElseThrow(() -> new AccessDenied("No key " + id + " that you may revoke."));
        keys.revoke(caller.tenantId(), key.id());
        if ("true".equals(htmx)) {
            model.addAttribute("key", keys.find(caller.tenantId(), id).orElseThrow());
            model.addAttribute("manage", true);
            return "console/key-row :: row";
        }
        return "redirect:/console/keys";
    }

    private String page(Caller caller, Model model, IssuedKey issued) {
        Scope read = caller.scopeOf(Permission.KEYS_READ);
        List<ApiKeyInfo> visible = keys.list(caller.tenantId(), null, null, true).stream()
                .filter(k -> reaches(caller, read, k.team(), k.userId())).toList();
        boolean manage = caller.has(Permission.KEYS_MANAGE);
        Scope manageScope = caller.scopeOf(Permission.KEYS_MANAGE);
        model.addAttribute("keys", visible);
        model.addAttribute("manage", manage);
        model.addAttribute("teams", organizations.teams(caller.tenantId()).stream()
                .filter(t -> manageScope.reachesTeam(t.name(), t.department())).map(Team::name).sorted().toList());
        model.addAttribute("issued", issued);
        return "console/keys";
    }

    private boolean reaches(Caller caller, Scope scope, String team, UUID owner) {
        String department = organizations.team(caller.tenantId(), team).map(Team::department).orElse(null);
        return scope.reachesRecord(owner, team, department);
    }
}
