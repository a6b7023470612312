package dev.aurelis.workspaces;

import dev.aurelis.access.AccessDenied;
import dev.aurelis.providers.ModelCatalog;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.workspaces.store.WorkspaceStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The workspaces of a tenant: made, changed and archived (through the admin API, or declared by the configuration
 * file), their members, and the context members share. Every change publishes its past-tense event. Bad input is
 * refused with {@link IllegalArgumentException}, an unknown workspace with {@link NoSuchElementException}, and a
 * caller whose workspace role does not allow what they ask with {@link AccessDenied}.
 */
@Service
public class Workspaces {

    public static final String CONFIGURATION = "configuration";
    public static final String API = "api";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");
    private static final Pattern BARE_MEMBER = Pattern.compile("[a-z0-9][a-z0-9._+-]{0,63}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}");
    private static final Pattern SNIPPET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/ -]{0,199}");
    private static final int MAX_DESCRIPTION = 1000;
    private static final int MAX_ITEM = 32 * 1024;
    private static final int MAX_MEMBERS = 1000;

    private final WorkspaceStore store;
    private final Organizations organizations;
    private final ModelCatalog catalog;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Workspaces(WorkspaceStore store, Organizations organizations, ModelCatalog catalog, ApplicationEventPublisher events,
            Optional<Clock> clock) {
        this.store = store;
        this.organizations = organizations;
        this.catalog = catalog;
        this.events = events;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    // ------------------------------------------------------------------ workspaces

    public List<Workspace> list(TenantId tenant, boolean withArchived) {
        return store.list(tenant).stream().filter(w -> withArchived || !w.archived()).toList();
    }

    public Workspace get(TenantId tenant, String name) {
        return store.find(tenant, name).orElseThrow(() -> notFound(name));
    }

    @Transactional
    public Workspace create(TenantId tenant, WorkspaceDraft draft, String actor) {
        return create(tenant, draft, API, actor);
    }

    /** Changes what the draft gives (its name is the workspace's); members, when given, replace the members. */
    @Transactional
    public Workspace update(TenantId tenant, String name, WorkspaceDraft change, String actor) {
        Workspace current = get(tenant, name);
        Workspace changed = changed(tenant, current, change);
        List<String> fields = differences(current, changed);
        if (!fields.isEmpty()) {
            store.update(tenant, changed);
            events.publishEvent(new WorkspaceUpdated(tenant.value(), name, fields, actor));
        }
        if (change.members() != null) {
            Map<String, WorkspaceRole> wanted = members(change.members());
            wanted.forEach((member, role) -> putMember(tenant, current, member, role, API, actor));
            current.members().stream().filter(m -> !wanted.containsKey(m.member()))
                    .forEach(m -> removeMember(tenant, name, m.member(), actor));
        }
        return get(tenant, name);
    }

    @Transactional
    public Workspace archive(TenantId tenant, String name, String actor) {
        Workspace current = get(tenant, name);
        if (!current.archived() && store.archive(tenant, name, clock.instant())) {
            events.publishEvent(new WorkspaceArchived(tenant.value(), name, actor));
        }
        return get(tenant, name);
    }

    @Transactional
    public Workspace putMember(TenantId tenant, String name, String member, String role, String actor) {
        Workspace current = get(tenant, name);
        putMember(tenant, current, memberName(member), role == null ? WorkspaceRole.MEMBER : WorkspaceRole.of(role), API,
                actor);
        return get(tenant, name);
    }

    @Transactional
    public void removeMember(TenantId tenant, String name, String member, String actor) {
        get(tenant, name);
        String normalised = member == null ? "" : member.strip().toLowerCase(Locale.ROOT);
        if (!store.removeMember(tenant, name, normalised)) {
            throw new NoSuchElementException("'" + member + "' is not a member of workspace '" + name + "'.");
        }
        events.publishEvent(new MemberRemoved(tenant.value(), name, normalised, actor));
    }

    // ------------------------------------------------------------------ configuration

    /**
     * What the configuration file declares, applied idempotently: declared workspaces are made or brought to the
     * file's values, their members declared by the file to the file's roles (members added through the API stay;
     * members the file no longer names leave), and declared instructions become the current instructions. A
     * workspace the file no longer declares is left as it is: archiving is an explicit act, so that a typo in the
     * file cannot take a team's shared context away.
     */
    @Transactional
    public void declare(TenantId tenant, Map<String, WorkspaceDraft> declared, Map<String, String> instructions) {
        declared.forEach((name, draft) -> {
            Optional<Workspace> stored = store.find(tenant, name);
            Workspace current = stored.orElseGet(() -> create(tenant, withoutMembers(draft), CONFIGURATION, CONFIGURATION));
            Workspace changed = changed(tenant, current, withoutMembers(draft));
            List<String> fields = differences(current, changed);
            if (!fields.isEmpty()) {
                store.update(tenant, changed);
                events.publishEvent(new WorkspaceUpdated(tenant.value(), name, fields, CONFIGURATION));
            }
            Map<String, WorkspaceRole> wanted = members(draft.members() == null ? Map.of() : draft.members());
            wanted.forEach((member, role) -> putMember(tenant, current, member, role, CONFIGURATION, CONFIGURATION));
            current.members().stream()
                    .filter(m -> CONFIGURATION.equals(m.via()) && !wanted.containsKey(m.member()))
                    .forEach(m -> removeMember(tenant, name, m.member(), CONFIGURATION));
            String text = instructions.get(name);
            if (text != null && !text.isBlank()) {
                addVersions(tenant, name, List.of(new ContextShare(ContextKind.INSTRUCTIONS, "", text)), CONFIGURATION);
            }
        });
    }

    // ------------------------------------------------------------------ context

    /**
     * Shares new versions of items as the member with this e-mail address: each item needs {@code read_write} in its
     * area (instructions: the owner role). An item whose content is what it already is gets no new version.
     *
     * @return the versions made
     */
    @Transactional
    public List<ContextItem> share(TenantId tenant, String name, String email, List<ContextShare> shares) {
        Workspace workspace = get(tenant, name);
        Member member = membership(workspace, email);
        if (workspace.archived()) {
            throw new IllegalArgumentException("Workspace '" + name + "' is archived; its context can no longer change.");
        }
        for (ContextShare share : shares) {
            if (share.kind().ownersOnly() && member.role() != WorkspaceRole.OWNER) {
                throw new AccessDenied("Only the owners of workspace '" + name + "' set its " + share.kind().wireName()
                        + "; your role there is " + member.role().wireName() + ".");
            }
            if (!workspace.access(member, share.kind().area()).writes()) {
                throw new AccessDenied("Your role in workspace '" + name + "' (" + member.role().wireName() + ") gives "
                        + workspace.access(member, share.kind().area()).wireName() + " access to "
                        + share.kind().area().wireName() + ", so you cannot share " + share.kind().wireName() + ".");
            }
        }
        return addVersions(tenant, name, shares, email.toLowerCase(Locale.ROOT));
    }

    /** The current items the member with this e-mail address may read. */
    public List<ContextItem> context(TenantId tenant, String name, String email) {
        Workspace workspace = get(tenant, name);
        Member member = membership(workspace, email);
        return store.currentContext(tenant, name).stream()
                .filter(item -> workspace.access(member, item.kind().area()).reads()).toList();
    }

    /** Every version of one item, newest first, for a member who may read it. */
    public List<ContextItem> history(TenantId tenant, String name, String email, String kind, String item, int limit) {
        Workspace workspace = get(tenant, name);
        Member member = membership(workspace, email);
        ContextKind k = ContextKind.of(kind);
        if (!workspace.access(member, k.area()).reads()) {
            throw new AccessDenied("Your role in workspace '" + name + "' gives no access to " + k.area().wireName() + ".");
        }
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("'limit' must be between 1 and 1000.");
        }
        return store.history(tenant, name, k, k.named() ? snippetName(item) : "", limit);
    }

    /**
     * The items of the brief's {@code share_context} body: {@code repository}, {@code branch}, {@code notes},
     * {@code instructions} as text; {@code recent_commits} and {@code open_prs} as lists (one entry a line);
     * {@code snippets} as names to text; a null removes the item.
     */
    public static List<ContextShare> sharesOf(tools.jackson.databind.JsonNode body) {
        if (body == null || !body.isObject() || body.isEmpty()) {
            throw new IllegalArgumentException("The body must be a JSON object of context items, e.g. "
                    + "{\"repository\":\"org/repo\",\"branch\":\"main\",\"notes\":\"...\"}.");
        }
        List<ContextShare> shares = new ArrayList<>();
        for (Map.Entry<String, tools.jackson.databind.JsonNode> field : body.properties()) {
            ContextKind kind = ContextKind.of(field.getKey());
            tools.jackson.databind.JsonNode value = field.getValue();
            if (kind.named()) {
                if (!value.isObject()) {
                    throw new IllegalArgumentException("'" + kind.wireName() + "' must be an object of names to text.");
                }
                for (Map.Entry<String, tools.jackson.databind.JsonNode> snippet : value.properties()) {
                    shares.add(new ContextShare(kind, snippet.getKey(), text(kind, snippet.getValue())));
                }
            } else {
                shares.add(new ContextShare(kind, "", text(kind, value)));
            }
        }
        return shares;
    }

    // ------------------------------------------------------------------ internals

    private Workspace create(TenantId tenant, WorkspaceDraft draft, String via, String actor) {
        String name = workspaceName(draft.name());
        if (store.find(tenant, name).isPresent()) {
            throw new IllegalArgumentException("There is already a workspace '" + name + "'; change it with PATCH.");
        }
        Instant now = clock.instant();
        Workspace blank = new Workspace(name, null, Map.of(), WorkspaceSettings.defaults(), List.of(), via, null, actor,
                now, now);
        Workspace made = changed(tenant, blank, draft);
        Map<String, WorkspaceRole> members = members(draft.members() == null ? Map.of() : draft.members());
        store.insert(tenant, made);
        events.publishEvent(new WorkspaceCreated(tenant.value(), name, via, actor));
        members.forEach((member, role) -> putMember(tenant, made, member, role, via, actor));
        return get(tenant, name);
    }

    private void putMember(TenantId tenant, Workspace workspace, String member, WorkspaceRole role, String via,
            String actor) {
        Optional<Member> current = workspace.members().stream().filter(m -> m.member().equals(member)).findFirst();
        if (current.isPresent() && current.get().role() == role && current.get().via().equals(via)) {
            return;
        }
        if (current.isEmpty() && workspace.members().size() >= MAX_MEMBERS) {
            throw new IllegalArgumentException("A workspace has at most " + MAX_MEMBERS + " members.");
        }
        store.putMember(tenant, workspace.name(), new Member(member, role, via, actor, clock.instant()));
        if (current.isEmpty() || current.get().role() != role) {
            events.publishEvent(new MemberAdded(tenant.value(), workspace.name(), member, role.wireName(), actor));
        }
    }

    private List<ContextItem> addVersions(TenantId tenant, String name, List<ContextShare> shares, String actor) {
        store.lock(tenant, name);
        Map<String, ContextItem> current = new LinkedHashMap<>();
        store.currentContext(tenant, name).forEach(item -> current.put(item.key(), item));
        List<ContextItem> made = new ArrayList<>();
        for (ContextShare share : shares) {
            String itemName = share.kind().named() ? snippetName(share.name()) : "";
            ContextItem before = current.get(new ContextItem(share.kind(), itemName, 0, null, null, null).key());
            String content = share.content() == null ? null : share.content().strip();
            if (content != null && content.isEmpty()) {
                content = null;
            }
            if (Objects.equals(before == null ? null : before.content(), content)) {
                continue; // nothing changes: no version
            }
            ContextItem version = store.addVersion(tenant, name, share.kind(), itemName, content, actor, clock.instant());
            made.add(version);
            events.publishEvent(new ContextShared(tenant.value(), name, version.key(), version.version(),
                    version.removed(), actor));
        }
        return made;
    }

    private static Member membership(Workspace workspace, String email) {
        return workspace.memberFor(email).orElseThrow(() -> new AccessDenied(
                "You are not a member of workspace '" + workspace.name() + "'; ask one of its owners or an administrator."));
    }

    /** The workspace {@code current} with what {@code change} gives, validated. */
    private Workspace changed(TenantId tenant, Workspace current, WorkspaceDraft change) {
        Map<Area, Access> permissions = new EnumMap<>(current.permissions());
        if (change.permissions() != null) {
            change.permissions().forEach((area, access) -> permissions.put(Area.of(area), Access.of(access, area)));
        }
        WorkspaceSettings was = current.settings();
        String provider = change.defaultProvider() == null ? was.defaultProvider() : blankToNull(change.defaultProvider());
        if (provider != null && catalog.deployments().stream().noneMatch(d -> d.provider().name().equals(provider))) {
            throw new IllegalArgumentException("'default_provider' names no configured provider: '" + provider
                    + "'; the providers are " + catalog.deployments().stream().map(d -> d.provider().name()).distinct()
                    .toList() + ".");
        }
        String project = change.project() == null ? was.project() : blankToNull(change.project());
        if (project != null && organizations.project(tenant, project).isEmpty()) {
            throw new IllegalArgumentException("'project' names no project of the organisation: '" + project
                    + "'; projects are declared under projects: in the configuration.");
        }
        int tokens = change.contextTokens() == null ? was.contextTokens() : change.contextTokens();
        if (tokens < 0 || tokens > WorkspaceSettings.MAX_CONTEXT_TOKENS) {
            throw new IllegalArgumentException("'context_tokens' must be between 0 and "
                    + WorkspaceSettings.MAX_CONTEXT_TOKENS + ", not " + tokens + ".");
        }
        String description = change.description() == null ? current.description() : blankToNull(change.description());
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw new IllegalArgumentException("'description' is longer than " + MAX_DESCRIPTION + " characters.");
        }
        WorkspaceSettings settings = new WorkspaceSettings(provider,
                change.defaultModel() == null ? was.defaultModel() : blankToNull(change.defaultModel()), project,
                change.codeReviewRequired() == null ? was.codeReviewRequired() : change.codeReviewRequired(), tokens);
        return new Workspace(current.name(), description, permissions, settings, current.members(), current.via(),
                current.archivedAt(), current.createdBy(), current.createdAt(), clock.instant());
    }

    private static List<String> differences(Workspace a, Workspace b) {
        List<String> fields = new ArrayList<>();
        if (!Objects.equals(a.description(), b.description())) {
            fields.add("description");
        }
        if (!a.permissions().equals(b.permissions())) {
            fields.add("permissions");
        }
        if (!a.settings().equals(b.settings())) {
            fields.add("settings");
        }
        return fields;
    }

    private static Map<String, WorkspaceRole> members(Map<String, String> given) {
        Map<String, WorkspaceRole> members = new LinkedHashMap<>();
        given.forEach((member, role) -> members.put(memberName(member),
                role == null ? WorkspaceRole.MEMBER : WorkspaceRole.of(role)));
        if (members.size() > MAX_MEMBERS) {
            throw new IllegalArgumentException("A workspace has at most " + MAX_MEMBERS + " members.");
        }
        return members;
    }

    private static WorkspaceDraft withoutMembers(WorkspaceDraft draft) {
        return new WorkspaceDraft(draft.name(), draft.description(), draft.permissions(), draft.defaultProvider(),
                draft.defaultModel(), draft.project(), draft.codeReviewRequired(), draft.contextTokens(), null);
    }

    static String workspaceName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'name' must be 1 to 63 lower-case letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit" + (name == null ? "; it is missing." : ", not '" + name + "'."));
        }
        return name;
    }

    static String memberName(String member) {
        String m = member == null ? "" : member.strip().toLowerCase(Locale.ROOT);
        if (!(m.contains("@") ? EMAIL.matcher(m).matches() : BARE_MEMBER.matcher(m).matches())) {
            throw new IllegalArgumentException("A member is an e-mail address or a user name (letters, digits, '.', "
                    + "'_', '+', '-'), not '" + member + "'.");
        }
        return m;
    }

    private static String snippetName(String name) {
        if (name == null || !SNIPPET_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A snippet's name is 1 to 200 letters, digits, spaces, '.', '_', '/' or "
                    + "'-', not '" + name + "'.");
        }
        return name;
    }

    private static String text(ContextKind kind, tools.jackson.databind.JsonNode value) {
        String text;
        if (value == null || value.isNull()) {
            return null;
        } else if (value.isArray()) {
            List<String> entries = new ArrayList<>();
            for (tools.jackson.databind.JsonNode entry : value) {
                if (!entry.isString() && !entry.isNumber()) {
                    throw new IllegalArgumentException("'" + kind.wireName() + "' must list text or numbers.");
                }
                entries.add(entry.asString());
            }
            text = String.join("\n", entries);
        } else if (value.isString() || value.isNumber()) {
            text = value.asString();
        } else {
            throw new IllegalArgumentException("'" + kind.wireName() + "' must be text"
                    + (kind == ContextKind.RECENT_COMMITS || kind == ContextKind.OPEN_PRS ? " or a list" : "") + ".");
        }
        if (text.length() > MAX_ITEM) {
            throw new IllegalArgumentException("'" + kind.wireName() + "' is longer than " + MAX_ITEM + " characters.");
        }
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("'" + kind.wireName() + "' contains a NUL character.");
        }
        return text;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static NoSuchElementException notFound(String name) {
        return new NoSuchElementException("There is no workspace '" + name + "'.");
    }
}
