package dev.aurelis.workspaces;

import java.util.List;
import java.util.Map;

/**
 * A workspace as the admin API or the configuration file describes it; a null field leaves the stored value as it
 * is (on a new workspace: the default). Validated by {@link Workspaces}.
 *
 * @param permissions area name ({@code chat}, {@code github}, {@code a2a}) to {@code none}, {@code read} or
 *                    {@code read_write}; areas left out keep their value (new workspaces: {@code read_write})
 * @param members     member (e-mail address or bare name) to role; null leaves the members as they are
 */
public record WorkspaceDraft(String name, String description, Map<String, String> permissions, String defaultProvider,
        String defaultModel, String project, Boolean codeReviewRequired, Integer contextTokens,
        Map<String, String> members) {

    /** Members in the order given, all in one role. */
    public static Map<String, String> inRole(List<String> members, WorkspaceRole role) {
        Map<String, String> roles = new java.util.LinkedHashMap<>();
        members.forEach(m -> roles.put(m, role.wireName()));
        return roles;
    }
}
