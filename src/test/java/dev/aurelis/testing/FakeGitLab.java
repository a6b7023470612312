package dev.aurelis.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fake GitLab REST API (v4) for tests: a real HTTP server on {@code 127.0.0.1} speaking the documented shapes the
 * workflows use — a merge request (with {@code diff_refs}) and its diffs (paginated), compare, commit statuses,
 * merge request discussions (a position's {@code new_line} must be a line the diff adds, else 400 as GitLab answers)
 * and notes (create, update). Every call needs the {@code PRIVATE-TOKEN}; projects are addressed by their URL-encoded
 * path.
 */
public final class FakeGitLab implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern HUNK = Pattern.compile("^@@ -\\d+(?:,\\d+)? \\+(\\d+)(?:,\\d+)? @@");

    private final HttpServer server;
    private final String token;
    private final AtomicLong ids = new AtomicLong(500);
    private final Map<String, List<ObjectNode>> diffs = new LinkedHashMap<>();
    private final List<ObjectNode> statuses = new ArrayList<>();
    private final List<ObjectNode> discussions = new ArrayList<>();
    private final Map<Long, ObjectNode> notes = new LinkedHashMap<>();
    private int calls;

    private FakeGitLab(String token) {
        this.token = token;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeGitLab start(String token) {
        return new FakeGitLab(token);
    }

    /** The API's base URL, as {@code integrations.workflows.gitlab.api_url} names it. */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v4";
    }

    /** A file of a merge request's diffs as the API lists it; {@code diff} is its hunks. */
    public static ObjectNode diff(String path, String diff) {
        return JSON.createObjectNode().put("old_path", path).put("new_path", path).put("a_mode", "100644")
                .put("b_mode", "100644").put("new_file", false).put("renamed_file", false).put("deleted_file", false)
                .put("generated_file", false).put("diff", diff);
    }

    public synchronized FakeGitLab mergeRequestDiffs(String project, long iid, List<ObjectNode> files) {
        diffs.put(project + "!" + iid, List.copyOf(files));
        return this;
    }

    public synchronized List<ObjectNode> statuses() {
        return statuses.stream().map(ObjectNode::deepCopy).toList();
    }

    public synchronized List<ObjectNode> discussions() {
        return discussions.stream().map(ObjectNode::deepCopy).toList();
    }

    public synchronized List<ObjectNode> notes() {
        return notes.values().stream().map(ObjectNode::deepCopy).toList();
    }

    public synchronized int callCount() {
        return calls;
    }

    public synchronized void reset() {
        diffs.clear();
        statuses.clear();
        discussions.clear();
        notes.clear();
        calls = 0;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            JsonNode body = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
            synchronized (this) {
                calls++;
            }
            if (!token.equals(exchange.getRequestHeaders().getFirst("private-token"))) {
                send(exchange, 401, JSON.createObjectNode().put("message", "401 Unauthorized"));
                return;
            }
            answer(exchange, exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), body);
        }
    }

    private synchronized void answer(HttpExchange exchange, String method, String path, String query, JsonNode body)
            throws IOException {
        Matcher m;
        if (method.equals("GET") && (m = match("/api/v4/projects/([^/]+)/merge_requests/(\\d+)/diffs", path)) != null) {
            List<ObjectNode> all = diffs.getOrDefault(project(m) + "!" + m.group(2), List.of());
            int page = intParam(query, "page", 1);
            int perPage = intParam(query, "per_page", 20);
            ArrayNode list = JSON.createArrayNode();
            all.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(list::add);
            send(exchange, 200, list);
        } else if (method.equals("GET") && (m = match("/api/v4/projects/([^/]+)/merge_requests/(\\d+)", path)) != null) {
            ObjectNode mr = JSON.createObjectNode().put("id", 99).put("iid", Long.parseLong(m.group(2)))
                    .put("state", "opened").put("sha", "da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
            mr.putObject("diff_refs").put("base_sha", "c380d3acebd181f13629a25d2e2acca46ffe1e00")
                    .put("head_sha", "da1560886d4f094c3e6c9ef40349f7d38b5d27d7")
                    .put("start_sha", "c380d3acebd181f13629a25d2e2acca46ffe1e00");
            send(exchange, 200, mr);
        } else if (method.equals("POST") && (m = match("/api/v4/projects/([^/]+)/statuses/([0-9a-f]+)", path)) != null) {
            String state = body.path("state").asString("");
            if (!List.of("pending", "running", "success", "failed", "canceled", "skipped").contains(state)) {
                send(exchange, 400, JSON.createObjectNode().put("error", "state does not have a valid value"));
                return;
            }
            ObjectNode status = JSON.createObjectNode().put("id", ids.incrementAndGet()).put("sha", m.group(2))
                    .put("status", state).put("name", body.path("name").asString("default"))
                    .put("description", body.path("description").asString(null));
            statuses.add(status);
            send(exchange, 201, status);
        } else if (method.equals("POST") && (m = match("/api/v4/projects/([^/]+)/merge_requests/(\\d+)/discussions", path)) != null) {
            JsonNode position = body.path("position");
            BitSet added = null;
            for (ObjectNode file : diffs.getOrDefault(project(m) + "!" + m.group(2), List.of())) {
                if (file.path("new_path").asString().equals(position.path("new_path").asString())) {
                    added = addedLines(file.path("diff").asString());
                }
            }
            if (!position.path("head_sha").isString() || added == null || !added.get(position.path("new_line").asInt())) {
                send(exchange, 400, JSON.createObjectNode()
                        .put("message", "400 Bad request - Note {:line_code=>[\"can't be blank\", \"must be a valid line code\"]}"));
                return;
            }
            ObjectNode discussion = JSON.createObjectNode().put("id", Long.toHexString(ids.incrementAndGet()))
                    .put("individual_note", false);
            discussion.putArray("notes").addObject().put("id", ids.incrementAndGet()).put("type", "DiffNote")
                    .put("body", body.path("body").asString()).set("position", position.deepCopy());
            discussions.add(discussion);
            send(exchange, 201, discussion);
        } else if (method.equals("POST") && (m = match("/api/v4/projects/([^/]+)/merge_requests/(\\d+)/notes", path)) != null) {
            ObjectNode note = JSON.createObjectNode().put("id", ids.incrementAndGet()).put("body", body.path("body").asString())
                    .put("noteable_type", "MergeRequest").put("noteable_iid", Long.parseLong(m.group(2)));
            notes.put(note.path("id").asLong(), note);
            send(exchange, 201, note);
        } else if (method.equals("PUT") && (m = match("/api/v4/projects/([^/]+)/merge_requests/(\\d+)/notes/(\\d+)", path)) != null) {
            ObjectNode note = notes.get(Long.parseLong(m.group(3)));
            if (note == null) {
                send(exchange, 404, JSON.createObjectNode().put("message", "404 Not found"));
                return;
            }
            note.put("body", body.path("body").asString());
            send(exchange, 200, note);
        } else {
            send(exchange, 404, JSON.createObjectNode().put("message", "404 Not found"));
        }
    }

    private static String project(Matcher m) {
        return URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
    }

    private static BitSet addedLines(String diff) {
        BitSet lines = new BitSet();
        int line = 0;
        for (String text : diff.split("\n", -1)) {
            Matcher hunk = HUNK.matcher(text);
            if (hunk.find()) {
                line = Integer.parseInt(hunk.group(1));
            } else if (text.startsWith("+")) {
                lines.set(line++);
            } else if (!text.startsWith("-") && line > 0) {
                line++;
            }
        }
        return lines;
    }

    private static Matcher match(String regex, String path) {
        Matcher m = Pattern.compile(regex).matcher(path);
        return m.matches() ? m : null;
    }

    private static int intParam(String query, String name, int fallback) {
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith(name + "=")) {
                    return Integer.parseInt(pair.substring(name.length() + 1));
                }
            }
        }
        return fallback;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
