package dev.aurelis.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code aurelis sessions}: collaborative sessions in a workspace (docs/workspaces.md, "Collaborative sessions"). */
@Command(name = "sessions",
        description = "Collaborative sessions in a workspace: start, join, push files, ask the assistant, read the log.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {SessionsCommand.ListSessions.class, SessionsCommand.Show.class, SessionsCommand.Create.class,
                SessionsCommand.Join.class, SessionsCommand.Leave.class, SessionsCommand.End.class,
                SessionsCommand.Presence.class, SessionsCommand.Push.class, SessionsCommand.ListFiles.class,
                SessionsCommand.Events.class, SessionsCommand.Follow.class, SessionsCommand.Ask.class})
final class SessionsCommand extends CommandGroup {

    static String sessions(String workspace) {
        return "/api/v1/workspaces/" + AdminClient.segment(workspace) + "/sessions";
    }

    /** The workspace and session every command but list and create is about. */
    abstract static class OnSession extends ClientCommand {

        @Parameters(index = "0", paramLabel = "WORKSPACE")
        String workspace;

        @Parameters(index = "1", paramLabel = "SESSION", description = "The session's id.")
        String session;

        String path(String tail) {
            return sessions(workspace) + "/" + AdminClient.segment(session) + tail;
        }
    }

    @Command(name = "list", description = "The workspace's open sessions (or the ended ones).")
    static final class ListSessions extends ClientCommand {

        @Parameters(index = "0", paramLabel = "WORKSPACE")
        String workspace;

        @Option(names = "--ended", description = "List the ended sessions instead.")
        boolean ended;

        @Override
        public Integer call() {
            JsonNode answer = client().call("GET", sessions(workspace), Map.of("ended", String.valueOf(ended)), null);
            show(answer, () -> Render.rows(out(), answer.path("sessions"), ended ? "No ended sessions." : "No open sessions.",
                    "id", "title", "created_by", "created_at", "last_sequence", "ended_at"));
            return 0;
        }
    }

    @Command(name = "show", description = "One session with its participants and who is connected.")
    static final class Show extends OnSession {

        @Override
        public Integer call() {
            printJson(client().call("GET", path(""), Map.of(), null));
            return 0;
        }
    }

    @Command(name = "create", description = "Start a session; you join it, and the participants named are invited.",
            footer = {"", "Example:", "  aurelis sessions create engineering --title 'Fix login' --participant bob@example.com"})
    static final class Create extends ClientCommand {

        @Parameters(index = "0", paramLabel = "WORKSPACE")
        String workspace;

        @Option(names = "--title", paramLabel = "TEXT")
        String title;

        @Option(names = "--participant", paramLabel = "EMAIL", description = "A workspace member; repeat for several.")
        List<String> participants = new ArrayList<>();

        @Override
        public Integer call() {
            ObjectNode body = AurelisCommand.JSON.createObjectNode();
            if (title != null) {
                body.put("title", title);
            }
            participants.forEach(body.putArray("participants")::add);
            JsonNode made = client().call("POST", sessions(workspace), Map.of(), body);
            if (json()) {
                printJson(made);
            } else {
                out().println("Started session " + Text.of(made.path("id")) + " in workspace " + workspace + ".");
                out().flush();
            }
            return 0;
        }
    }

    /** Join, leave and end: a POST to the session with nothing to send. */
    abstract static class Step extends OnSession {

        abstract String step();

        abstract String sentence();

        @Override
        public Integer call() {
            JsonNode answer = client().call("POST", path("/" + step()), Map.of(), null);
            if (json()) {
                printJson(answer);
            } else {
                out().println(sentence() + " session " + session + ".");
                out().flush();
            }
            return 0;
        }
    }

    @Command(name = "join", description = "Join a session (a workspace member may join any open one).")
    static final class Join extends Step {
        @Override
        String step() {
            return "join";
        }

        @Override
        String sentence() {
            return "Joined";
        }
    }

    @Command(name = "leave", description = "Leave a session.")
    static final class Leave extends Step {
        @Override
        String step() {
            return "leave";
        }

        @Override
        String sentence() {
            return "Left";
        }
    }

    @Command(name = "end", description = "End a session for everyone: its log and files stay readable.")
    static final class End extends Step {
        @Override
        String step() {
            return "end";
        }

        @Override
        String sentence() {
            return "Ended";
        }
    }

    @Command(name = "presence", description = "Who is connected to the session now.")
    static final class Presence extends OnSession {

        @Override
        public Integer call() {
            JsonNode answer = client().call("GET", path("/presence"), Map.of(), null);
            show(answer, () -> {
                List<String> connected = new ArrayList<>();
                answer.path("connected").forEach(c -> connected.add(c.asString()));
                out().println(connected.isEmpty() ? "Nobody is connected." : String.join("\n", connected));
            });
            return 0;
        }
    }

    @Command(name = "push", description = {"Push a file's new content to the session.",
            "A stale --base-version is refused with the file's current version, to merge and push again."},
            footer = {"", "Example:", "  aurelis sessions push engineering 3f2a… src/App.java --from ./src/App.java --base-version 2"})
    static final class Push extends OnSession {

        @Parameters(index = "2", paramLabel = "FILE_PATH", description = "The file's path in the session.")
        String filePath;

        @Option(names = "--from", paramLabel = "LOCAL_FILE", description = "Read the content from this file.")
        Path from;

        @Option(names = "--content", paramLabel = "TEXT", description = "The content itself.")
        String content;

        @Option(names = "--base-version", paramLabel = "N", description = "The version your change was made on.")
        Integer baseVersion;

        @Override
        public Integer call() {
            if ((from == null) == (content == null)) {
                throw new CliException("give the content with exactly one of --from FILE or --content TEXT",
                        "Example: aurelis sessions push WORKSPACE SESSION src/App.java --from ./src/App.java", 2);
            }
            ObjectNode body = AurelisCommand.JSON.createObjectNode().put("file_path", filePath)
                    .put("content", content != null ? content : read(from));
            if (baseVersion != null) {
                body.put("base_version", baseVersion);
            }
            JsonNode answer = client().call("POST", path("/changes"), Map.of(), body);
            if (json()) {
                printJson(answer);
            } else {
                out().println("Pushed " + filePath + " as version " + Text.of(answer.path("version")) + ".");
                out().flush();
            }
            return 0;
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CliException("cannot read " + file + ": " + e.getMessage(), null, 2);
            }
        }
    }

    @Command(name = "files", description = "The session's files at their latest versions.")
    static final class ListFiles extends OnSession {

        @Override
        public Integer call() {
            JsonNode answer = client().call("GET", path("/files"), Map.of(), null);
            show(answer, () -> Render.rows(out(), answer.path("files"), "No files yet.", "file_path", "version",
                    "author", "at"));
            return 0;
        }
    }

    @Command(name = "events", description = "The session's log (joins, changes, assistant turns) after a sequence number.")
    static final class Events extends OnSession {

        @Option(names = "--after", paramLabel = "SEQUENCE", description = "Only events after this one (default 0).")
        long after;

        @Option(names = "--limit", paramLabel = "N", description = "At most this many (default 200).")
        Integer limit;

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("after", String.valueOf(after));
            query.put("limit", limit == null ? null : String.valueOf(limit));
            printJson(client().call("GET", path("/events"), query, null));
            return 0;
        }
    }

    @Command(name = "follow", description = {"Print the session's log as it grows, one JSON event a line, until it ends.",
            "It reads the same log as the live socket, by polling `events`."})
    static final class Follow extends OnSession {

        @Option(names = "--after", paramLabel = "SEQUENCE", description = "Start after this event (default 0: everything).")
        long after;

        @Option(names = "--interval", paramLabel = "DURATION", description = "How often to ask (default 2s).",
                converter = Durations.WaitConverter.class)
        Duration interval = Duration.ofSeconds(2);

        @Override
        public Integer call() throws InterruptedException {
            long last = after;
            while (true) {
                JsonNode answer = client().call("GET", path("/events"), Map.of("after", String.valueOf(last)), null);
                for (JsonNode event : answer.path("events")) {
                    out().println(event.toString());
                    last = Math.max(last, event.path("sequence").asLong(last));
                }
                out().flush();
                if (answer.path("events").isEmpty()
                        && !client().call("GET", path(""), Map.of(), null).path("ended_at").isNull()) {
                    return 0;
                }
                Thread.sleep(interval.toMillis());
            }
        }
    }

    @Command(name = "ask", description = "Ask the assistant within the session; everyone in it sees the turn.",
            footer = {"", "Example:", "  aurelis sessions ask engineering 3f2a… 'Why does the login test fail?' --model gpt-4o"})
    static final class Ask extends OnSession {

        @Parameters(index = "2", paramLabel = "PROMPT")
        String prompt;

        @Option(names = "--model", paramLabel = "MODEL")
        String model;

        @Option(names = "--task", paramLabel = "TASK", description = "The task type, for routing (e.g. code_review).")
        String task;

        @Override
        public Integer call() {
            ObjectNode body = AurelisCommand.JSON.createObjectNode().put("prompt", prompt);
            if (model != null) {
                body.put("model", model);
            }
            if (task != null) {
                body.put("task", task);
            }
            JsonNode answer = client().call("POST", path("/assistant"), Map.of(), body);
            if (json()) {
                printJson(answer);
            } else {
                out().println(Text.of(answer.path("content")));
                out().flush();
            }
            return 0;
        }
    }
}
