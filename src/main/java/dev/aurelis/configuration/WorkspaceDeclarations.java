package dev.aurelis.configuration;

import dev.aurelis.workspaces.Area;
import dev.aurelis.workspaces.WorkspaceDraft;
import dev.aurelis.workspaces.WorkspaceRole;
import dev.aurelis.workspaces.WorkspaceSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code workspaces:} as the workspaces module declares it. Everything the file leaves out is given its default, so
 * that the file alone decides a declared workspace's description, permissions and settings (a value changed through
 * the API goes back to the file's at the next start).
 */
final class WorkspaceDeclarations {

    private WorkspaceDeclarations() {
    }

    static Map<String, WorkspaceDraft> of(AurelisConfig config) {
        Map<String, WorkspaceDraft> drafts = new LinkedHashMap<>();
        config.workspaces().forEach((name, w) -> {
            Map<String, String> permissions = new LinkedHashMap<>();
            for (Area area : Area.values()) {
                permissions.put(area.wireName(), "read_write");
            }
            permissions.putAll(w.permissions());
            // later roles win: an owner also listed as a member is an owner
            Map<String, String> members = new LinkedHashMap<>(WorkspaceDraft.inRole(w.members(), WorkspaceRole.MEMBER));
            members.putAll(WorkspaceDraft.inRole(w.viewers(), WorkspaceRole.VIEWER));
            members.putAll(WorkspaceDraft.inRole(w.owners(), WorkspaceRole.OWNER));
            Workspace.Settings s = w.settings();
            drafts.put(name, new WorkspaceDraft(name, orEmpty(w.description()), permissions,
                    orEmpty(s.defaultProvider()), orEmpty(s.defaultModel()), orEmpty(s.project()),
                    s.codeReviewRequired(),
                    s.contextTokens() == null ? WorkspaceSettings.DEFAULT_CONTEXT_TOKENS : s.contextTokens(), members));
        });
        return drafts;
    }

    static Map<String, String> instructions(AurelisConfig config) {
        Map<String, String> instructions = new LinkedHashMap<>();
        config.workspaces().forEach((name, w) -> {
            if (w.instructions() != null && !w.instructions().isBlank()) {
                instructions.put(name, w.instructions());
            }
        });
        return instructions;
    }

    /** Empty rather than null: in a draft, null keeps the stored value and empty clears it. */
    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
