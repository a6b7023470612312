package dev.aurelis.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/workspaces}: team workspaces, their members and the context members share. Administrators make and
 * change workspaces; members read and share context as their workspace role and the workspace's permissions allow.
 */
public final class Workspaces {

    private static final String PATH = "/api/v1/workspaces";

    private final Transport transport;

    Workspaces(Transport transport) {
        this.transport = transport;
    }

    /** Settings of a workspace; in a change, null fields keep their value. */
    public record Settings(String defaultProvider, String defaultModel, String project, Boolean codeReviewRequired,
            Integer contextTokens) {
    }

    /** @param role {@code owner}, {@code member} or {@code viewer}; null for {@code member} */
    public record MemberEntry(String member, String role) {
    }

    /**
     * A workspace to make, or a change to one (fields left null stay as they are).
     *
     * @param permissions per area ({@code chat}, {@code github}, {@code a2a}): {@code none}, {@code read} or
     *                    {@code read_write}
     * @param members     the whole member list; null leaves the members as they are
     */
    public record WorkspaceRequest(String name, String description, Map<String, String> permissions,
            Settings settings, List<MemberEntry> members) {

        public static WorkspaceRequest named(String name) {
            return new WorkspaceRequest(name, null, null, null, null);
        }

        /** A change that leaves everything not given as it is. */
        public static WorkspaceRequest change() {
            return new WorkspaceRequest(null, null, null, null, null);
        }

        public WorkspaceRequest withDescription(String description) {
            return new WorkspaceRequest(name, description, permissions, settings, members);
        }

        public WorkspaceRequest withPermission(String area, String access) {
            Map<String, String> all = permissions == null ? new LinkedHashMap<>() : new LinkedHashMap<>(permissions);
            all.put(area, access);
            return new WorkspaceRequest(name, description, all, settings, members);
        }

        public WorkspaceRequest withSettings(Settings settings) {
            return new WorkspaceRequest(name, description, permissions, settings, members);
        }

        public WorkspaceRequest withMember(String member, String role) {
            List<MemberEntry> all = members == null ? new ArrayList<>() : new ArrayList<>(members);
            all.add(new MemberEntry(member, role));
            return new WorkspaceRequest(name, description, permissions, settings, all);
        }
    }

    /** @param via how the member came in: the API, the configuration file, a team */
    public record Member(String member, String role, String via, String addedBy, Instant addedAt) {
    }

    public record Workspace(String name, String description, Map<String, String> permissions, Settings settings,
            List<Member> members, String via, boolean archived, Instant archivedAt, String createdBy,
            Instant createdAt, Instant updatedAt) {
    }

    /**
     * One version of a shared context item.
     *
     * @param kind    {@code repository}, {@code branch}, {@code recent_commits}, {@code open_prs}, {@code notes},
     *                {@code instructions}, {@code files}, {@code snippets}…
     * @param name    the item's name for named kinds (files, snippets), else null
     * @param removed whether this version removed the item
     */
    public record ContextItem(String kind, String name, int version, String content, boolean removed,
            String sharedBy, Instant sharedAt) {
    }

    /** The context a member sees, with their role and their access per area. */
    public record Context(String workspace, String role, Map<String, String> access, List<ContextItem> items) {
    }

    /** @param shared the items that changed (sharing the same text again makes no new version) */
    public record Shared(String workspace, List<ContextItem> shared) {
    }

    public record History(String workspace, String kind, String name, List<ContextItem> versions) {
    }

    private record WorkspaceList(List<Workspace> workspaces) {
    }

    private record Role(String role) {
    }

    /** The organisation's workspaces; archived ones instead when {@code archived}. */
    public List<Workspace> list(boolean archived) {
        return transport.get(PATH, Query.of().with("archived", archived), WorkspaceList.class).workspaces();
    }

    public List<Workspace> list() {
        return list(false);
    }

    public Workspace create(WorkspaceRequest workspace) {
        return transport.json("POST", PATH, Query.of(), workspace, Workspace.class);
    }

    public Workspace get(String name) {
        return transport.get(path(name), Query.of(), Workspace.class);
    }

    public Workspace update(String name, WorkspaceRequest change) {
        return transport.json("PATCH", path(name), Query.of(), change, Workspace.class);
    }

    public Workspace archive(String name) {
        return transport.json("POST", path(name) + "/archive", Query.of(), null, Workspace.class);
    }

    /** Adds a member (an e-mail address or a user name) or changes their role; null role for {@code member}. */
    public Workspace putMember(String name, String member, String role) {
        return transport.json("PUT", path(name) + "/members/" + Query.segment(member), Query.of(), new Role(role),
                Workspace.class);
    }

    public void removeMember(String name, String member) {
        transport.json("DELETE", path(name) + "/members/" + Query.segment(member), Query.of(), null, Void.class);
    }

    /** The workspace's current context as the caller (a member) may see it. */
    public Context context(String name) {
        return transport.get(path(name) + "/context", Query.of(), Context.class);
    }

    /**
     * Shares context items, each a new version: e.g. {@code repository}, {@code branch}, {@code recent_commits} (a
     * list), {@code open_prs} (a list), {@code notes}, {@code instructions} (owners only), and {@code files} or
     * {@code snippets} as maps of names to text. A null value removes the item.
     */
    public Shared shareContext(String name, Map<String, ?> context) {
        return transport.json("POST", path(name) + "/context", Query.of(), context, Shared.class);
    }

    /** The versions of one item, newest first; {@code item} names a file or snippet (null for other kinds). */
    public History history(String name, String kind, String item, Integer limit) {
        return transport.get(path(name) + "/context/" + Query.segment(kind) + "/versions",
                Query.of().with("name", item).with("limit", limit), History.class);
    }

    private static String path(String name) {
        return PATH + "/" + Query.segment(name);
    }
}
