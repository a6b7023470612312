package dev.aurelis.workspaces;

import dev.aurelis.identity.AdminCallers;
import dev.aurelis.identity.Caller;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/workspaces}: administrators see the organisation's workspaces ({@code config:read}) and make,
 * change and archive them and set their members ({@code config:write}); members read and share a workspace's
 * context ({@code models:use}, then their workspace role decides). The authorization matrix says so per operation.
 */
@RestController
class WorkspacesController {

    record SettingsRequest(String defaultProvider, String defaultModel, String project, Boolean codeReviewRequired,
            Integer contextTokens) {
    }

    record MemberRequest(String member, String role) {
    }

    record WorkspaceRequest(String name, String description, Map<String, String> permissions, SettingsRequest settings,
            List<MemberRequest> members) {
    }

    record RoleRequest(String role) {
    }

    record MemberView(String member, String role, String via, String addedBy, Instant addedAt) {
    }

    record WorkspaceView(String name, String description, Map<String, String> permissions, WorkspaceSettings settings,
            List<MemberView> members, String via, boolean archived, Instant archivedAt, String createdBy,
            Instant createdAt, Instant updatedAt) {
    }

    record WorkspaceList(List<WorkspaceView> workspaces) {
    }

    record ItemView(String kind, String name, int version, String content, boolean removed, String sharedBy,
            Instant sharedAt) {
    }

    record ContextView(String workspace, String role, Map<String, String> access, List<ItemView> items) {
    }

    record ShareAnswer(String workspace, List<ItemView> shared) {
    }

    record HistoryView(String workspace, String kind, String name, List<ItemView> versions) {
    }

    private final Workspaces workspaces;

    WorkspacesController(Workspaces workspaces) {
        this.workspaces = workspaces;
    }

    @GetMapping("/api/v1/workspaces")
    WorkspaceList list(@RequestParam(defaultValue = "false") boolean archived) {
        return new WorkspaceList(workspaces.list(AdminCallers.current().tenantId(), archived).stream()
                .map(WorkspacesController::view).toList());
    }

    @PostMapping("/api/v1/workspaces")
    ResponseEntity<WorkspaceView> create(@RequestBody WorkspaceRequest request) {
        Caller caller = AdminCallers.current();
        Workspace made = workspaces.create(caller.tenantId(), draft(request, request.name()), caller.email());
        return ResponseEntity.status(HttpStatus.CREATED).body(view(made));
    }

    @GetMapping("/api/v1/workspaces/{name}")
    WorkspaceView get(@PathVariable String name) {
        return view(workspaces.get(AdminCallers.current().tenantId(), name));
    }

    @PatchMapping("/api/v1/workspaces/{name}")
    WorkspaceView update(@PathVariable String name, @RequestBody WorkspaceRequest request) {
        if (request.name() != null && !request.name().equals(name)) {
            throw new IllegalArgumentException("A workspace keeps its name; 'name' may only repeat '" + name + "'.");
        }
        Caller caller = AdminCallers.current();
        return view(workspaces.update(caller.tenantId(), name, draft(request, name), caller.email()));
    }

    @PostMapping("/api/v1/workspaces/{name}/archive")
    WorkspaceView archive(@PathVariable String name) {
        Caller caller = AdminCallers.current();
        return view(workspaces.archive(caller.tenantId(), name, caller.email()));
    }

    @PutMapping("/api/v1/workspaces/{name}/members/{member}")
    WorkspaceView putMember(@PathVariable String name, @PathVariable String member,
            @RequestBody(required = false) RoleRequest request) {
        Caller caller = AdminCallers.current();
        return view(workspaces.putMember(caller.tenantId(), name, member, request == null ? null : request.role(),
                caller.email()));
    }

    @DeleteMapping("/api/v1/workspaces/{name}/members/{member}")
    ResponseEntity<Void> removeMember(@PathVariable String name, @PathVariable String member) {
        Caller caller = AdminCallers.current();
        workspaces.removeMember(caller.tenantId(), name, member, caller.email());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/workspaces/{name}/context")
    ContextView context(@PathVariable String name) {
        Caller caller = AdminCallers.current();
        List<ContextItem> items = workspaces.context(caller.tenantId(), name, caller.email());
        Workspace workspace = workspaces.get(caller.tenantId(), name);
        Member member = workspace.memberFor(caller.email()).orElseThrow();
        Map<String, String> access = new LinkedHashMap<>();
        for (Area area : Area.values()) {
            access.put(area.wireName(), workspace.access(member, area).wireName());
        }
        return new ContextView(name, member.role().wireName(), access,
                items.stream().map(WorkspacesController::view).toList());
    }

    @PostMapping("/api/v1/workspaces/{name}/context")
    ResponseEntity<ShareAnswer> share(@PathVariable String name, @RequestBody JsonNode body) {
        Caller caller = AdminCallers.current();
        List<ContextItem> shared = workspaces.share(caller.tenantId(), name, caller.email(), Workspaces.sharesOf(body));
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new ShareAnswer(name, shared.stream().map(WorkspacesController::view).toList()));
    }

    @GetMapping("/api/v1/workspaces/{name}/context/{kind}/versions")
    HistoryView history(@PathVariable String name, @PathVariable String kind,
            @RequestParam(name = "name", required = false) String item, @RequestParam(defaultValue = "50") int limit) {
        Caller caller = AdminCallers.current();
        List<ContextItem> versions = workspaces.history(caller.tenantId(), name, caller.email(), kind, item, limit);
        return new HistoryView(name, ContextKind.of(kind).wireName(), item,
                versions.stream().map(WorkspacesController::view).toList());
    }

    private static WorkspaceDraft draft(WorkspaceRequest request, String name) {
        SettingsRequest s = request.settings() == null ? new SettingsRequest(null, null, null, null, null)
                : request.settings();
        Map<String, String> members = null;
        if (request.members() != null) {
            members = new LinkedHashMap<>();
            for (MemberRequest m : request.members()) {
                if (m == null || m.member() == null) {
                    throw new IllegalArgumentException("Each entry of 'members' needs a 'member' (an e-mail address or "
                            + "a user name).");
                }
                members.put(m.member(), m.role());
            }
        }
        return new WorkspaceDraft(name, request.description(), request.permissions(), s.defaultProvider(),
                s.defaultModel(), s.project(), s.codeReviewRequired(), s.contextTokens(), members);
    }

    private static WorkspaceView view(Workspace w) {
        return new WorkspaceView(w.name(), w.description(), w.permissionNames(), w.settings(),
                w.members().stream().map(m -> new MemberView(m.member(), m.role().wireName(), m.via(), m.addedBy(),
                        m.addedAt())).toList(),
                w.via(), w.archived(), w.archivedAt(), w.createdBy(), w.createdAt(), w.updatedAt());
    }

    private static ItemView view(ContextItem item) {
        return new ItemView(item.kind().wireName(), item.name().isEmpty() ? null : item.name(), item.version(),
                item.content(), item.removed(), item.sharedBy(), item.sharedAt());
    }
}
