package dev.aurelis.workspaces;

import dev.aurelis.tenancy.TenantId;
import dev.aurelis.workspaces.directory.WorkspaceDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.springframework.stereotype.Component;

/**
 * What the gateway asks of workspaces on the hot path, answered from memory ({@link WorkspaceDirectory}): whether a
 * caller may name a workspace in a request, and the system prompt addition its context makes for them.
 */
@Component
public class WorkspaceContexts {

    private final WorkspaceDirectory directory;

    WorkspaceContexts(WorkspaceDirectory directory) {
        this.directory = directory;
    }

    /** What naming a workspace in a request comes to for one caller. */
    public sealed interface Resolution {
    }

    /** There is no such workspace in the caller's organisation, or it is archived. */
    public record Unknown(String workspace, boolean archived) implements Resolution {
    }

    /** The caller is not a member, or their role gives them no access to chat. */
    public record Refused(String workspace, String reason) implements Resolution {
    }

    /** A member: the workspace's settings apply, and the items they may read are {@code readable}. */
    public record Admitted(Workspace workspace, Member member, List<ContextItem> readable) implements Resolution {
    }

    /**
     * The system prompt addition: its text, the items it holds ({@code kind@version}, or {@code kind:name@version}),
     * and its estimated tokens. Empty when nothing fits or nothing is selected.
     */
    public record Addition(String text, List<String> items, long tokens) {

        public boolean empty() {
            return text.isEmpty();
        }
    }

    public Resolution resolve(TenantId tenant, String email, String name) {
        WorkspaceDirectory.Entry entry = directory.find(tenant, name).orElse(null);
        if (entry == null || entry.workspace().archived()) {
            return new Unknown(name, entry != null);
        }
        Workspace workspace = entry.workspace();
        Member member = workspace.memberFor(email).orElse(null);
        if (member == null) {
            return new Refused(name, "You are not a member of workspace '" + name
                    + "'; ask one of its owners or an administrator, or drop the x-aurelis-workspace header.");
        }
        if (!workspace.access(member, Area.CHAT).reads()) {
            return new Refused(name, "Your role in workspace '" + name + "' (" + member.role().wireName()
                    + ") gives no access to chat, so your requests cannot name it.");
        }
        List<ContextItem> readable = entry.context().stream()
                .filter(item -> workspace.access(member, item.kind().area()).reads()).toList();
        return new Admitted(workspace, member, readable);
    }

    /**
     * The addition for an admitted caller: a preamble, then the selected items in kind order (instructions first),
     * each kept only while the whole stays within the workspace's token budget; an item that does not fit is left
     * out whole (a cut item could say the opposite of what it says) and the next one is tried.
     *
     * @param selected the kinds the request asks for; empty for all
     * @param tokens   how the gateway counts a text's tokens
     */
    public Addition addition(Admitted admitted, Set<ContextKind> selected, ToLongFunction<String> tokens) {
        Workspace workspace = admitted.workspace();
        int budget = workspace.settings().contextTokens();
        StringBuilder preamble = new StringBuilder("The following is the shared context of the team workspace '")
                .append(workspace.name()).append("'")
                .append(workspace.description() == null ? "" : " (" + workspace.description() + ")")
                .append(", shared by its members through Aurelis. Follow its instructions unless the user says otherwise.");
        if (workspace.settings().codeReviewRequired()) {
            preamble.append("\nChanges made in this workspace need a code review before they are merged.");
        }
        long used = tokens.applyAsLong(preamble.toString());
        if (budget == 0 || used > budget) {
            return new Addition("", List.of(), 0);
        }
        StringBuilder text = new StringBuilder(preamble);
        List<String> items = new ArrayList<>();
        for (ContextItem item : admitted.readable()) {
            if (!selected.isEmpty() && !selected.contains(item.kind())) {
                continue;
            }
            String section = "\n\n## " + item.kind().title() + (item.name().isEmpty() ? "" : " " + item.name()) + "\n"
                    + item.content();
            long cost = tokens.applyAsLong(section);
            if (used + cost > budget) {
                continue;
            }
            used += cost;
            text.append(section);
            items.add(item.key() + "@" + item.version());
        }
        if (items.isEmpty() && !workspace.settings().codeReviewRequired()) {
            return new Addition("", List.of(), 0);
        }
        return new Addition(text.toString(), List.copyOf(items), used);
    }
}
