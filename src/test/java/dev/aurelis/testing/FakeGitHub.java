package dev.aurelis.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * A fake GitHub REST API for tests: a real HTTP server on {@code 127.0.0.1} that speaks the documented shapes of the
 * endpoints the workflows use — a pull request's files (paginated), compare, check runs (create, update; at most 50
 * annotations), pull request reviews (a comment must sit on a line the diff shows, else 422 as GitHub answers) and
 * issue comments (create, update). Every call needs {@code Authorization: Bearer <token>} and the documented
 * {@code Accept} header. State is kept so tests can look at the check runs and comments as GitHub would show them.
 * <p>
 * As a GitHub App's host ({@link #app}): {@code GET /repos/{owner}/{repo}/installation} and
 * {@code POST /app/installations/{id}/access_tokens} take only a JWT signed RS256 with the app's key (checked against
 * its public key, {@code iss} the app's id, {@code exp} at most ten minutes ahead), as GitHub documents; the
 * installation tokens they issue carry an {@code expires_at}, are refused once it has passed, and reach only the
 * repositories of their installation.
 */
public final class FakeGitHub implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern HUNK = Pattern.compile("^@@ -\\d+(?:,\\d+)? \\+(\\d+)(?:,\\d+)? @@");

    /** One call as received. */
    public record Call(String method, String path, String query, String authorization, JsonNode body) {
    }

    private final HttpServer server;
    private final String token;
    private final AtomicLong ids = new AtomicLong(1000);
    private final Map<String, List<ObjectNode>> files = new LinkedHashMap<>();
    private final Map<Long, ObjectNode> checkRuns = new LinkedHashMap<>();
    private final Map<Long, ObjectNode> comments = new LinkedHashMap<>();
    private final List<ObjectNode> reviews = new ArrayList<>();
    private final List<Call> calls = new ArrayList<>();
    private Gate filesGate;
    private String appId;
    private java.security.interfaces.RSAPublicKey appKey;
    private java.time.Duration tokenLifetime = DEFAULT_TOKEN_LIFETIME;
    private final Map<String, Long> installations = new LinkedHashMap<>();
    private final Map<String, Minted> issued = new LinkedHashMap<>();
    private final List<Minted> minted = new ArrayList<>();

    /** Installation tokens live an hour, as GitHub's do. */
    public static final java.time.Duration DEFAULT_TOKEN_LIFETIME = java.time.Duration.ofHours(1);

    /** An installation token as issued. */
    public record Minted(long installation, String token, java.time.Instant expiresAt) {
    }

    /** Holds one request until released; tells when the request has arrived. */
    public static final class Gate {
        private final java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

        public void awaitArrival() throws InterruptedException {
            if (!arrived.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError("the held request never arrived");
            }
        }

        public void release() {
            released.countDown();
        }

        void pass() throws InterruptedException {
            arrived.countDown();
            released.await(60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** The next request for a pull request's files waits until the returned gate is released. */
    public synchronized Gate holdNextFilesRequest() {
        filesGate = new Gate();
        return filesGate;
    }

    private FakeGitHub(String token) {
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

    public static FakeGitHub start(String token) {
        return new FakeGitHub(token);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A changed file as the pull request files API lists it. */
    public static ObjectNode file(String filename, String status, String patch) {
        ObjectNode file = JSON.createObjectNode();
        int additions = 0;
        int deletions = 0;
        for (String line : patch.split("\n")) {
            if (line.startsWith("+")) {
                additions++;
            } else if (line.startsWith("-")) {
                deletions++;
            }
        }
        file.put("sha", "bbcd538c8e72b8c175046e27cc8f907076331401").put("filename", filename).put("status", status)
                .put("additions", additions).put("deletions", deletions).put("changes", additions + deletions)
                .put("blob_url", "https://github.com/o/r/blob/sha/" + filename)
                .put("raw_url", "https://github.com/o/r/raw/sha/" + filename)
                .put("contents_url", "https://api.github.com/repos/o/r/contents/" + filename + "?ref=sha")
                .put("patch", patch);
        return file;
    }

    /** The files of pull request {@code number} (and of a compare ending at any head). */
    public synchronized FakeGitHub pullRequestFiles(String repository, long number, List<ObjectNode> changed) {
        files.put(repository + "#" + number, List.copyOf(changed));
        return this;
    }

    public synchronized FakeGitHub compareFiles(String repository, List<ObjectNode> changed) {
        files.put(repository + "@compare", List.copyOf(changed));
        return this;
    }

    public synchronized List<ObjectNode> checkRuns() {
        return checkRuns.values().stream().map(ObjectNode::deepCopy).toList();
    }

    public synchronized List<ObjectNode> issueComments() {
        return comments.values().stream().map(ObjectNode::deepCopy).toList();
    }

    public synchronized List<ObjectNode> reviews() {
        return reviews.stream().map(ObjectNode::deepCopy).toList();
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Makes this host a GitHub App's: JWTs of {@code id} verify with {@code publicKey}. */
    public synchronized FakeGitHub app(String id, java.security.interfaces.RSAPublicKey publicKey) {
        this.appId = id;
        this.appKey = publicKey;
        return this;
    }

    /** Which key the app's JWTs must verify with from now on (another key: the app's own was replaced). */
    public synchronized void appKey(java.security.interfaces.RSAPublicKey publicKey) {
        this.appKey = publicKey;
    }

    /** The app is installed on {@code repository} as installation {@code id}. */
    public synchronized FakeGitHub installation(String repository, long id) {
        installations.put(repository, id);
        return this;
    }

    /** How far ahead the next installation tokens' {@code expires_at} lies. */
    public synchronized void tokenLifetime(java.time.Duration lifetime) {
        this.tokenLifetime = lifetime;
    }

    public synchronized List<Minted> mintedTokens() {
        return List.copyOf(minted);
    }

    /** Forgets calls and content; the app, its installations and the tokens it issued stay, as on GitHub. */
    public synchronized void reset() {
        tokenLifetime = DEFAULT_TOKEN_LIFETIME;
        files.clear();
        checkRuns.clear();
        comments.clear();
        reviews.clear();
        calls.clear();
        filesGate = null;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            JsonNode body = raw.length == 0 ? null : JSON.readTree(raw);
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getQuery();
            String authorization = exchange.getRequestHeaders().getFirst("authorization");
            synchronized (this) {
                calls.add(new Call(method, path, query, authorization, body));
            }
            if (!"application/vnd.github+json".equals(exchange.getRequestHeaders().getFirst("accept"))
                    && appEndpoint(method, path)) {
                send(exchange, 415, JSON.createObjectNode().put("message", "Unsupported 'Accept' header"));
                return;
            }
            if (appEndpoint(method, path)) {
                asApp(exchange, method, path, authorization);
                return;
            }
            String refusal = refusal(path, authorization);
            if (refusal != null) {
                send(exchange, refusal.equals("Not Found") ? 404 : 401, JSON.createObjectNode().put("message", refusal)
                        .put("documentation_url", "https://docs.github.com/rest"));
                return;
            }
            Gate gate = null;
            synchronized (this) {
                if (filesGate != null && method.equals("GET") && path.endsWith("/files")) {
                    gate = filesGate;
                    filesGate = null;
                }
            }
            if (gate != null) {
                try {
                    gate.pass();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (!"application/vnd.github+json".equals(exchange.getRequestHeaders().getFirst("accept"))) {
                send(exchange, 415, JSON.createObjectNode().put("message", "Unsupported 'Accept' header"));
                return;
            }
            answer(exchange, method, path, query, body);
        }
    }

    private synchronized boolean appEndpoint(String method, String path) {
        return appId != null && ((method.equals("GET") && path.matches("/repos/[^/]+/[^/]+/installation"))
                || (method.equals("POST") && path.matches("/app/installations/\\d+/access_tokens")));
    }

    /** Why a call with this authorization is refused, or null: the configured token, or a live installation token. */
    private synchronized String refusal(String path, String authorization) {
        if (("Bearer " + token).equals(authorization)) {
            return null;
        }
        Minted installationToken = authorization == null || !authorization.startsWith("Bearer ") ? null
                : issued.get(authorization.substring("Bearer ".length()));
        if (installationToken == null || !java.time.Instant.now().isBefore(installationToken.expiresAt())) {
            return "Bad credentials";
        }
        Matcher repo = Pattern.compile("^/repos/([^/]+/[^/]+)/").matcher(path);
        Long installation = repo.find() ? installations.get(repo.group(1)) : null;
        return installation != null && installation != installationToken.installation() ? "Not Found" : null;
    }

    /** The app's own endpoints, authenticated by its JWT. */
    private synchronized void asApp(HttpExchange exchange, String method, String path, String authorization)
            throws IOException {
        String problem = jwtProblem(authorization);
        if (problem != null) {
            send(exchange, 401, JSON.createObjectNode().put("message", problem)
                    .put("documentation_url", "https://docs.github.com/rest"));
            return;
        }
        Matcher m;
        if ((m = match("/repos/([^/]+/[^/]+)/installation", path)) != null) {
            Long id = installations.get(m.group(1));
            if (id == null) {
                send(exchange, 404, JSON.createObjectNode().put("message", "Not Found"));
                return;
            }
            ObjectNode installation = JSON.createObjectNode().put("id", id).put("app_id", 1).put("app_slug", "aurelis")
                    .put("target_type", "Organization").put("repository_selection", "selected");
            installation.putObject("account").put("login", m.group(1).substring(0, m.group(1).indexOf('/')));
            send(exchange, 200, installation);
            return;
        }
        m = match("/app/installations/(\\d+)/access_tokens", path);
        long installation = Long.parseLong(m.group(1));
        if (!installations.containsValue(installation)) {
            send(exchange, 404, JSON.createObjectNode().put("message", "Not Found"));
            return;
        }
        Minted token = new Minted(installation, "ghs_" + java.util.UUID.randomUUID().toString().replace("-", ""),
                java.time.Instant.now().plus(tokenLifetime).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        issued.put(token.token(), token);
        minted.add(token);
        ObjectNode answer = JSON.createObjectNode().put("token", token.token())
                .put("expires_at", token.expiresAt().toString());
        answer.putObject("permissions").put("checks", "write").put("pull_requests", "write").put("contents", "read")
                .put("metadata", "read");
        answer.put("repository_selection", "selected");
        send(exchange, 201, answer);
    }

    /** What GitHub would object to in the JWT, or null when it is the app's, signed RS256, and current. */
    private String jwtProblem(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return "A JSON web token could not be decoded";
        }
        try {
            com.nimbusds.jwt.SignedJWT jwt = com.nimbusds.jwt.SignedJWT.parse(authorization.substring("Bearer ".length()));
            if (!com.nimbusds.jose.JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())
                    || !jwt.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(appKey))) {
                return "A JSON web token could not be decoded";
            }
            var claims = jwt.getJWTClaimsSet();
            java.time.Instant now = java.time.Instant.now();
            if (!appId.equals(claims.getIssuer())) {
                return "Integration not found";
            }
            if (claims.getIssueTime() == null || claims.getIssueTime().toInstant().isAfter(now)) {
                return "'Issued at' claim ('iat') must be an Integer representing a time in the past.";
            }
            if (claims.getExpirationTime() == null || !claims.getExpirationTime().toInstant().isAfter(now)
                    || claims.getExpirationTime().toInstant().isAfter(now.plus(java.time.Duration.ofMinutes(10)))) {
                return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which "
                        + "the assertion expires, and no more than 10 minutes in the future.";
            }
            return null;
        } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
            return "A JSON web token could not be decoded";
        }
    }

    private synchronized void answer(HttpExchange exchange, String method, String path, String query, JsonNode body)
            throws IOException {
        Matcher m;
        if (method.equals("GET") && (m = match("/repos/([^/]+/[^/]+)/pulls/(\\d+)/files", path)) != null) {
            List<ObjectNode> all = files.getOrDefault(m.group(1) + "#" + m.group(2), List.of());
            int page = intParam(query, "page", 1);
            int perPage = intParam(query, "per_page", 30);
            ArrayNode list = JSON.createArrayNode();
            all.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(list::add);
            send(exchange, 200, list);
        } else if (method.equals("GET") && (m = match("/repos/([^/]+/[^/]+)/compare/([0-9a-f]+)\\.\\.\\.([0-9a-f]+)", path)) != null) {
            ObjectNode compare = JSON.createObjectNode().put("status", "ahead").put("ahead_by", 1).put("behind_by", 0);
            compare.putArray("files").addAll(files.getOrDefault(m.group(1) + "@compare", List.of()));
            send(exchange, 200, compare);
        } else if (method.equals("POST") && (m = match("/repos/([^/]+/[^/]+)/check-runs", path)) != null) {
            if (body == null || !body.path("name").isString() || !body.path("head_sha").isString()) {
                unprocessable(exchange, "name and head_sha are required");
                return;
            }
            ObjectNode check = JSON.createObjectNode().put("id", ids.incrementAndGet())
                    .put("head_sha", body.path("head_sha").asString()).put("name", body.path("name").asString())
                    .put("status", body.path("status").asString("queued")).putNull("conclusion");
            check.put("html_url", "https://github.com/" + m.group(1) + "/runs/" + check.path("id").asLong());
            if (!apply(exchange, check, body)) {
                return;
            }
            checkRuns.put(check.path("id").asLong(), check);
            send(exchange, 201, check);
        } else if (method.equals("PATCH") && (m = match("/repos/([^/]+/[^/]+)/check-runs/(\\d+)", path)) != null) {
            ObjectNode check = checkRuns.get(Long.parseLong(m.group(2)));
            if (check == null) {
                send(exchange, 404, JSON.createObjectNode().put("message", "Not Found"));
                return;
            }
            if (apply(exchange, check, body)) {
                send(exchange, 200, check);
            }
        } else if (method.equals("POST") && (m = match("/repos/([^/]+/[^/]+)/pulls/(\\d+)/reviews", path)) != null) {
            review(exchange, m.group(1) + "#" + m.group(2), body);
        } else if (method.equals("POST") && (m = match("/repos/([^/]+/[^/]+)/issues/(\\d+)/comments", path)) != null) {
            long id = ids.incrementAndGet();
            ObjectNode comment = JSON.createObjectNode().put("id", id).put("body", body.path("body").asString())
                    .put("html_url", "https://github.com/" + m.group(1) + "/pull/" + m.group(2) + "#issuecomment-" + id)
                    .put("issue_number", Long.parseLong(m.group(2)));
            comments.put(id, comment);
            send(exchange, 201, comment);
        } else if (method.equals("PATCH") && (m = match("/repos/([^/]+/[^/]+)/issues/comments/(\\d+)", path)) != null) {
            ObjectNode comment = comments.get(Long.parseLong(m.group(2)));
            if (comment == null) {
                send(exchange, 404, JSON.createObjectNode().put("message", "Not Found"));
                return;
            }
            comment.put("body", body.path("body").asString());
            send(exchange, 200, comment);
        } else {
            send(exchange, 404, JSON.createObjectNode().put("message", "Not Found"));
        }
    }

    /** Applies a check run update; refuses more than 50 annotations as the Checks API does. */
    private boolean apply(HttpExchange exchange, ObjectNode check, JsonNode body) throws IOException {
        JsonNode annotations = body.path("output").path("annotations");
        if (annotations.isArray() && annotations.size() > 50) {
            unprocessable(exchange, "at most 50 annotations per request");
            return false;
        }
        for (String field : List.of("status", "conclusion", "started_at", "completed_at", "external_id")) {
            if (body.has(field)) {
                check.set(field, body.get(field));
            }
        }
        if (body.has("output")) {
            ObjectNode output = (ObjectNode) body.get("output").deepCopy();
            output.put("annotations_count", annotations.isArray() ? annotations.size() : 0);
            check.set("output", output);
        }
        return true;
    }

    private void review(HttpExchange exchange, String pull, JsonNode body) throws IOException {
        Map<String, BitSet> shown = new LinkedHashMap<>();
        for (ObjectNode file : files.getOrDefault(pull, List.of())) {
            shown.put(file.path("filename").asString(), lines(file.path("patch").asString("")));
        }
        for (JsonNode comment : body.path("comments")) {
            BitSet lines = shown.get(comment.path("path").asString());
            if (lines == null || !lines.get(comment.path("line").asInt())) {
                unprocessable(exchange, "Pull request review thread line must be part of the diff");
                return;
            }
        }
        ObjectNode review = JSON.createObjectNode().put("id", ids.incrementAndGet()).put("state", "COMMENTED")
                .put("body", body.path("body").asString("")).put("commit_id", body.path("commit_id").asString(null));
        review.set("comments", body.path("comments").deepCopy());
        reviews.add(review);
        send(exchange, 200, review);
    }

    private static BitSet lines(String patch) {
        BitSet lines = new BitSet();
        int line = 0;
        for (String text : patch.split("\n", -1)) {
            Matcher hunk = HUNK.matcher(text);
            if (hunk.find()) {
                line = Integer.parseInt(hunk.group(1));
            } else if (!text.startsWith("-") && line > 0) {
                lines.set(line++);
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

    private static void unprocessable(HttpExchange exchange, String message) throws IOException {
        send(exchange, 422, JSON.createObjectNode().put("message", "Validation Failed")
                .put("documentation_url", "https://docs.github.com/rest").put("detail", message));
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
