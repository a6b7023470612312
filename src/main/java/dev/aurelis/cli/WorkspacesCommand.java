package dev.aurelis.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code aurelis workspaces}: team workspaces, their members and the context members share. */
@Command(name = "workspaces",
        description = "Team workspaces: make and archive them, set members, read and share context.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {WorkspacesCommand.ListWorkspaces.class, WorkspacesCommand.Show.class,
                WorkspacesCommand.Create.class, WorkspacesCommand.Update.class, WorkspacesCommand.Archive.class, WorkspacesCommand.AddMember.class,
                WorkspacesCommand.RemoveMember.class, WorkspacesCommand.Context.class, WorkspacesCommand.Share.class})
final class WorkspacesCommand extends CommandGroup {

    private static final String WORKSPACES = "/api/v1/workspaces";

    private static String path(String name) {
        return WORKSPACES + "/" + AdminClient.segment(name);
    }

    @Command(name = "list", description = "List the organisation's workspaces.")
    static final class ListWorkspaces extends ClientCommand {

        @Option(names = "--archived", description = "List the archived ones instead.")
        boolean archived;

        @Override
        public Integer call() {
            JsonNode answer = client().call("GET", WORKSPACES, Map.of("archived", String.valueOf(archived)), null);
            if (json()) {
                printJson(answer);
                return 0;
            }
            if (answer.path("workspaces").isEmpty()) {
                out().println(archived ? "No archived workspaces." : "No workspaces.");
                out().flush();
                return 0;
            }
            Table table = new Table("NAME", "MEMBERS", "PERMISSIONS", "VIA", "DESCRIPTION");
            for (JsonNode w : answer.path("workspaces")) {
                List<String> permissions = new ArrayList<>();
                w.path("permissions").properties().forEach(p -> permissions.add(p.getKey() + "=" + p.getValue().asString()));
                table.add(Text.of(w.path("name")), String.valueOf(w.path("members").size()),
                        String.join(",", permissions), Text.of(w.path("via")), Text.of(w.path("description")));
            }
            table.print(out());
            out().flush();
            return 0;
        }
    }

    @Command(name = "show", description = "Show one workspace with its settings and members.")
    static final class Show extends ClientCommand {

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            printJson(client().call("GET", path(name), Map.of(), null));
            return 0;
        }
    }

    @Command(name = "create", description = "Make a workspace.",
            footer = {"", "Example:",
                    "  aurelis workspaces create engineering --permission chat=read_write --permission github=read "
                            + "--member alice@example.com:owner --member bob@example.com --default-model gpt-4o"})
    static final class Create extends ClientCommand {

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        @Option(names = "--permission", paramLabel = "AREA=ACCESS",
                description = "chat, github or a2a = none, read or read_write; repeat for several.")
        Map<String, String> permissions;

        @Option(names = "--member", paramLabel = "WHO[:ROLE]",
                description = "An e-mail address or user name, with owner, member or viewer; repeat for several.")
        List<String> members = new ArrayList<>();

        @Option(names = "--default-model", paramLabel = "MODEL")
        String defaultModel;

        @Option(names = "--default-provider", paramLabel = "PROVIDER")
        String defaultProvider;

        @Option(names = "--project", paramLabel = "PROJECT", description = "The project members' requests are attributed to.")
        String project;

        @Option(names = "--code-review-required", description = "Members' changes need a code review.")
        boolean codeReviewRequired;

        @Override
        public Integer call() {
            ObjectNode body = AurelisCommand.JSON.createObjectNode().put("name", name);
            if (description != null) {
                body.put("description", description);
            }
            if (permissions != null) {
                ObjectNode areas = body.putObject("permissions");
                permissions.forEach(areas::put);
            }
            ObjectNode settings = body.putObject("settings");
            if (defaultModel != null) {
                settings.put("default_model", defaultModel);
            }
            if (defaultProvider != null) {
                settings.put("default_provider", defaultProvider);
            }
            if (project != null) {
                settings.put("project", project);
            }
            if (codeReviewRequired) {
                settings.put("code_review_required", true);
            }
            ArrayNode list = body.putArray("members");
            for (String member : members) {
                int colon = member.lastIndexOf(':');
                ObjectNode entry = list.addObject().put("member", colon < 0 ? member : member.substring(0, colon));
                if (colon >= 0) {
                    entry.put("role", member.substring(colon + 1));
                }
            }
            JsonNode made = client().call("POST", WORKSPACES, Map.of(), body);
            if (json()) {
                printJson(made);
            } else {
                out().println("Created workspace " + Text.of(made.path("name")) + " with "
                        + made.path("members").size() + " member(s).");
                out().flush();
            }
            return 0;
        }
    }

    @Command(name = "archive", description = "Archive a workspace: its context no longer reaches requests.")
    static final class Archive extends ClientCommand {

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            JsonNode archived = client().call("POST", path(name) + "/archive", Map.of(), null);
            if (json()) {
                printJson(archived);
            } else {
                out().println("Archived workspace " + name + ".");
                out().flush();
            }
            return 0;
        }
    }

    @Command(name = "add-member", description = "Add a member or change their role.")
    static final class AddMember extends ClientCommand {

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "WHO", description = "An e-mail address or user name.")
        String member;

        @Option(names = "--role", paramLabel = "ROLE", description = "owner, member (default) or viewer.")
        String role;

        @Override
        public Integer call() {
            ObjectNode body = AurelisCommand.JSON.createObjectNode();
            if (role != null) {
                body.put("role", role);
            }
            JsonNode changed = client().call("PUT", path(name) + "/members/" + AdminClient.segment(member), Map.of(), body);
            if (json()) {
                printJson(changed);
            } else {
                out().println("Workspace " + name + " now has " + changed.path("members").size() + " member(s).");
                out().flush();
            }
            return 0;
        }
    }

    @Command(name = "remove-member", description = "Remove a member.")
    static final class RemoveMember extends ClientCommand {

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "WHO")
        String member;

        @Override
        public Integer call() {
            client().call("DELETE", path(name) + "/members/" + AdminClient.segment(member), Map.of(), null);
            out().println("Removed " + member + " from workspace " + name + ".");
            out().flush();
            return 0;
        }
    }

    @Command(name = "update", description = "Change a workspace's description, permissions or settings; what is left out stays.",
            footer = {"", "Example:", "  aurelis workspaces update engineering --permission github=read_write --default-model gpt-4o"})
    static final class Update extends ClientCommand {

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        @Option(names = "--permission", paramLabel = "AREA=ACCESS",
                description = "chat, github or a2a = none, read or read_write; repeat for several.")
        Map<String, String> permissions;

        @Option(names = "--default-model", paramLabel = "MODEL")
        String defaultModel;

        @Option(names = "--default-provider", paramLabel = "PROVIDER")
        String defaultProvider;

        @Option(names = "--project", paramLabel = "PROJECT")
        String project;

        @Option(names = "--code-review-required", paramLabel = "true|false", arity = "1",
                description = "Whether members' changes need a code review.")
        Boolean codeReviewRequired;

        @Override
        public Integer call() {
            ObjectNode body = AurelisCommand.JSON.createObjectNode();
            if (description != null) {
                body.put("description", description);
            }
            if (permissions != null) {
                ObjectNode areas = body.putObject("permissions");
                permissions.forEach(areas::put);
            }
            if (defaultModel != null || defaultProvider != null || project != null || codeReviewRequired != null) {
                ObjectNode settings = body.putObject("settings");
                if (defaultModel != null) {
                    settings.put("default_model", defaultModel);
                }
                if (defaultProvider != null) {
                    settings.put("default_provider", defaultProvider);
                }
                if (project != null) {
                    settings.put("project", project);
                }
                if (codeReviewRequired != null) {
                    settings.put("code_review_required", codeReviewRequired);
                }
            }
            JsonNode changed = client().call("PATCH", path(name), Map.of(), body);
            if (json()) {
                printJson(changed);
            } else {
                out().println("Updated workspace " + Text.of(changed.path("name")) + ".");
                out().flush();
            }
            return 0;
        }
    }

    @Command(name = "context", description = "The workspace's shared context, as the key's owner (a member) sees it.",
            subcommands = Context.History.class)
    static final class Context extends ClientCommand {

        @Command(name = "history", description = "Every version of one kind of context item, newest first.",
                footer = {"", "Example:", "  aurelis workspaces context history engineering notes"})
        static final class History extends ClientCommand {

            @Parameters(index = "0", paramLabel = "NAME")
            String name;

            @Parameters(index = "1", paramLabel = "KIND", description = "repository, branch, notes, instructions…")
            String kind;

            @Option(names = "--item", paramLabel = "ITEM", description = "Only the item with this name.")
            String item;

            @Option(names = "--limit", paramLabel = "N", description = "At most this many versions (default 50).")
            Integer limit;

            @Override
            public Integer call() {
                Map<String, String> query = new java.util.LinkedHashMap<>();
                query.put("name", item);
                query.put("limit", limit == null ? null : String.valueOf(limit));
                JsonNode history = client().call("GET",
                        path(name) + "/context/" + AdminClient.segment(kind) + "/versions", query, null);
                show(history, () -> Render.rows(out(), history.path("versions"), "No versions.", "version", "name",
                        "shared_by", "removed", "content"));
                return 0;
            }
        }

        // optional for picocli only, so that `context history NAME KIND` parses; required when reading the context
        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            if (name == null) {
                throw new CliException("name the workspace: aurelis workspaces context NAME", null, 2);
            }
            JsonNode context = client().call("GET", path(name) + "/context", Map.of(), null);
            if (json()) {
                printJson(context);
                return 0;
            }
            Table table = new Table("KIND", "NAME", "VERSION", "SHARED BY", "CONTENT");
            for (JsonNode item : context.path("items")) {
                table.add(Text.of(item.path("kind")), Text.of(item.path("name")), Text.of(item.path("version")),
                        Text.of(item.path("shared_by")), item.path("content").asString("").replace('\n', ' '));
            }
            table.print(out());
            out().flush();
            return 0;
        }
    }

    @Command(name = "share", description = "Share context items as the key's owner (a member); each is a new version.",
            footer = {"", "Example:",
                    "  aurelis workspaces share engineering --item branch=feature/new-ui --item notes='Dashboard work'"})
    static final class Share extends ClientCommand {

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--item", required = true, paramLabel = "KIND=TEXT",
                description = "repository, branch, notes, instructions…; an empty TEXT removes the item; repeat for several.")
        Map<String, String> items;

        @Override
        public Integer call() {
            ObjectNode body = AurelisCommand.JSON.createObjectNode();
            items.forEach((kind, text) -> {
                if (text.isEmpty()) {
                    body.putNull(kind);
                } else {
                    body.put(kind, text);
                }
            });
            JsonNode shared = client().call("POST", path(name) + "/context", Map.of(), body);
            if (json()) {
                printJson(shared);
            } else {
                out().println("Shared " + shared.path("shared").size() + " new version(s) in workspace " + name + ".");
                out().flush();
            }
            return 0;
        }
    }
}
