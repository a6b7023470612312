package dev.aurelis.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the command line in-process against a fake admin API that records what it is sent and answers with
 * canned JSON.
 */
class CliTests {

    private static final String ADMIN_KEY = "admin-secret";

    private static final Instant NOW = Instant.parse("2026-05-10T12:00:00Z");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String CREATED_KEY = """
            {"id":"k_1","key":"aur-abcd1234SECRETSECRET","prefix":"aur-abcd1234","user":"alice@example.com",
             "team":"platform","project":"web","name":"laptop","created_at":"2026-05-10T12:00:00Z",
             "expires_at":"2026-06-09T12:00:00Z"}""";

    // One server for the class: stopping a com.sun HttpServer takes about a second.
    private static HttpServer server;

    private static String url;

    private static final List<Recorded> requests = new CopyOnWriteArrayList<>();

    private static final Map<String, Reply> replies = new ConcurrentHashMap<>();

    private final List<List<String>> launches = new ArrayList<>();

    record Recorded(String method, String path, Map<String, String> query, String body, String authorization,
            String contentType) {

        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    record Reply(int status, String body) {
    }

    record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void startFakeServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", CliTests::answer);
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stopFakeServer() {
        server.stop(0);
    }

    @BeforeEach
    void forgetEarlierRequests() {
        requests.clear();
        replies.clear();
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                query(exchange.getRequestURI().getRawQuery()), body,
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type")));
        Reply reply = replies.getOrDefault(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath(),
                new Reply(404, "{\"error\":{\"message\":\"no such endpoint\",\"type\":\"not_found\"}}"));
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    private void reply(String methodAndPath, int status, String body) {
        replies.put(methodAndPath, new Reply(status, body));
    }

    private Run run(String... args) {
        return runWith(Map.of("AURELIS_URL", url, "AURELIS_ADMIN_KEY", ADMIN_KEY), args);
    }

    private Run runWith(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AurelisCommand root = new AurelisCommand(environment, Clock.fixed(NOW, ZoneOffset.UTC), launches::add);
        CommandLine commandLine = AurelisCommand.commandLine(root);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private Recorded onlyRequest() {
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    // keys create

    @Test
    void keysCreatePostsTheKeyWithTheAdminKeyAndPrintsTheSecretOnceWithAWarning() {
        reply("POST /api/v1/keys", 201, CREATED_KEY);

        Run run = run("keys", "create", "--user", "alice@example.com", "--team", "platform", "--project", "web",
                "--name", "laptop", "--expires", "30d", "--role", "developer", "--role", "reviewer");

        assertThat(run.exitCode()).isZero();
        Recorded request = onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/v1/keys");
        assertThat(request.query()).isEmpty();
        assertThat(request.authorization()).isEqualTo("Bearer " + ADMIN_KEY);
        assertThat(request.contentType()).startsWith("application/json");
        assertThat(request.json()).isEqualTo(JSON.readTree("""
                {"user":"alice@example.com","team":"platform","project":"web","name":"laptop",
                 "expires_in":"30d","roles":["developer","reviewer"]}"""));
        assertThat(run.out()).contains("aur-abcd1234SECRETSECRET").contains("aur-abcd1234")
                .contains("alice@example.com").contains("2026-06-09 12:00");
        assertThat(run.out().split("aur-abcd1234SECRETSECRET", -1)).hasSize(2);
        assertThat(run.err()).contains("will not be shown again");
    }

    @Test
    void keysCreateSendsOnlyTheGivenFields() {
        reply("POST /api/v1/keys", 201, CREATED_KEY);

        Run run = run("keys", "create", "--user", "alice@example.com", "--team", "platform");

        assertThat(run.exitCode()).isZero();
        assertThat(onlyRequest().json()).isEqualTo(JSON.readTree("""
                {"user":"alice@example.com","team":"platform"}"""));
    }

    @Test
    void keysCreateWithADateSendsExpiresAtMidnightUtc() {
        reply("POST /api/v1/keys", 201, CREATED_KEY);

        Run run = run("keys", "create", "--user", "bob@example.com", "--team", "data", "--expires", "2026-12-31");

        assertThat(run.exitCode()).isZero();
        JsonNode body = onlyRequest().json();
        assertThat(body.path("expires_at").asString()).isEqualTo("2026-12-31T00:00:00Z");
        assertThat(body.has("expires_in")).isFalse();
    }

    @Test
    void keysCreateRejectsAMalformedExpiryAsAUsageErrorWithoutCallingTheServer() {
        Run run = run("keys", "create", "--user", "alice@example.com", "--team", "platform", "--expires", "30s");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("error:").contains("--expires").contains("30s");
        assertThat(requests).isEmpty();
    }

    @Test
    void keysCreateRequiresUserAndTeam() {
        Run run = run("keys", "create", "--user", "alice@example.com");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--team");
        assertThat(requests).isEmpty();
    }

    @Test
    void keysCreateWithJsonOutputPrintsTheServersAnswer() {
        reply("POST /api/v1/keys", 201, CREATED_KEY);

        Run run = run("keys", "create", "--user", "alice@example.com", "--team", "platform", "-o", "json");

        assertThat(run.exitCode()).isZero();
        assertThat(JSON.readTree(run.out())).isEqualTo(JSON.readTree(CREATED_KEY));
        assertThat(run.err()).contains("will not be shown again");
    }

    // keys list

    @Test
    void keysListSendsTheFiltersAndPrintsATable() {
        reply("GET /api/v1/keys", 200, """
                {"data":[
                  {"id":"k_1","prefix":"aur-abcd1234","user":"alice@example.com","team":"platform","project":"web",
                   "name":"laptop","status":"active","created_at":"2026-05-01T09:30:00Z","expires_at":null,
                   "revoked_at":null,"grace_until":null},
                  {"id":"k_0","prefix":"aur-0000ffff","user":"alice@example.com","team":"platform","project":null,
                   "name":null,"status":"rotated","created_at":"2026-04-01T08:00:00Z",
                   "expires_at":"2026-07-01T00:00:00Z","revoked_at":null,"grace_until":"2026-05-11T12:00:00Z"}]}""");

        Run run = run("keys", "list", "--user", "alice@example.com", "--team", "platform", "--all");

        assertThat(run.exitCode()).isZero();
        Recorded request = onlyRequest();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/api/v1/keys");
        assertThat(request.query()).containsExactlyInAnyOrderEntriesOf(
                Map.of("user", "alice@example.com", "team", "platform", "include_revoked", "true"));
        assertThat(request.authorization()).isEqualTo("Bearer " + ADMIN_KEY);
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("ID").contains("PREFIX", "USER", "TEAM", "STATUS", "EXPIRES");
        assertThat(lines.get(1)).contains("k_1", "aur-abcd1234", "active", "2026-05-01 09:30", "never");
        assertThat(lines.get(2)).contains("k_0", "rotated, works until 2026-05-11 12:00", "2026-07-01 00:00");
        assertThat(lines.get(1).indexOf("aur-abcd1234")).isEqualTo(lines.get(0).indexOf("PREFIX"));
    }

    @Test
    void keysListWithoutFiltersAsksForActiveKeysOnly() {
        reply("GET /api/v1/keys", 200, "{\"data\":[]}");

        Run run = run("keys", "list");

        assertThat(run.exitCode()).isZero();
        assertThat(onlyRequest().query()).containsExactly(Map.entry("include_revoked", "false"));
        assertThat(run.out()).contains("No active keys");
    }

    @Test
    void keysListWithJsonOutputPrintsTheServersAnswer() {
        String answer = """
                {"data":[{"id":"k_1","prefix":"aur-abcd1234","user":"a@example.com","team":"t","status":"active"}]}""";
        reply("GET /api/v1/keys", 200, answer);

        Run run = run("keys", "list", "--output", "json");

        assertThat(run.exitCode()).isZero();
        assertThat(JSON.readTree(run.out())).isEqualTo(JSON.readTree(answer));
    }

    // keys revoke and rotate

    @Test
    void keysRevokeDeletesTheKey() {
        reply("DELETE /api/v1/keys/k_1", 204, "");

        Run run = run("keys", "revoke", "k_1");

        assertThat(run.exitCode()).isZero();
        Recorded request = onlyRequest();
        assertThat(request.method()).isEqualTo("DELETE");
        assertThat(request.path()).isEqualTo("/api/v1/keys/k_1");
        assertThat(request.authorization()).isEqualTo("Bearer " + ADMIN_KEY);
        assertThat(run.out()).contains("Revoked key k_1");
    }

    @Test
    void keysRevokeOfAnUnknownKeyPrintsTheServersMessage() {
        reply("DELETE /api/v1/keys/k_9", 404, """
                {"error":{"message":"no key with id k_9","type":"not_found"}}""");

        Run run = run("keys", "revoke", "k_9");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: no key with id k_9");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void keysRotateSendsTheGracePeriodAndPrintsTheNewKey() {
        reply("POST /api/v1/keys/k_1/rotate", 201, CREATED_KEY.replace("k_1", "k_2"));

        Run run = run("keys", "rotate", "k_1", "--grace", "24h");

        assertThat(run.exitCode()).isZero();
        Recorded request = onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/v1/keys/k_1/rotate");
        assertThat(request.authorization()).isEqualTo("Bearer " + ADMIN_KEY);
        assertThat(request.json()).isEqualTo(JSON.readTree("{\"grace_period\":\"24h\"}"));
        assertThat(run.out()).contains("aur-abcd1234SECRETSECRET").contains("k_2").contains("24h");
        assertThat(run.err()).contains("will not be shown again");
    }

    @Test
    void keysRotateWithoutGraceLeavesItToTheServer() {
        reply("POST /api/v1/keys/k_1/rotate", 201, CREATED_KEY);

        Run run = run("keys", "rotate", "k_1");

        assertThat(run.exitCode()).isZero();
        assertThat(onlyRequest().json()).isEqualTo(JSON.readTree("{}"));
    }

    @Test
    void keysRotateRejectsAMalformedGracePeriod() {
        Run run = run("keys", "rotate", "k_1", "--grace", "a day");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--grace");
        assertThat(requests).isEmpty();
    }

    // usage

    @Test
    void usageSendsEveryFilterAsAQueryParameter() {
        reply("GET /api/v1/usage", 200, "{\"records\":[],\"groups\":[],\"totals\":{}}");

        Run run = run("usage", "--from", "2026-05-01", "--to", "2026-05-08T10:00:00+02:00", "--user", "a@example.com",
                "--team", "platform", "--department", "eng", "--cost-center", "cc-42", "--project", "web",
                "--model", "claude-sonnet-4", "--group-by", "team,model", "--group-by", "cost-center", "--limit", "5");

        assertThat(run.exitCode()).isZero();
        Recorded request = onlyRequest();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/api/v1/usage");
        assertThat(request.authorization()).isEqualTo("Bearer " + ADMIN_KEY);
        assertThat(request.query()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "from", "2026-05-01T00:00:00Z", "to", "2026-05-08T08:00:00Z", "user", "a@example.com",
                "team", "platform", "department", "eng", "cost_center", "cc-42", "project", "web",
                "model", "claude-sonnet-4", "group_by", "team,model,cost_center", "limit", "5"));
    }

    @Test
    void usageWithoutOptionsSendsNoQueryAndSaysWhenThereIsNothing() {
        reply("GET /api/v1/usage", 200, """
                {"records":[],"groups":[],"totals":{"requests":0,"input_tokens":0,"output_tokens":0,
                 "cached_tokens":0,"reasoning_tokens":0,"cost":"0.000000","unpriced_requests":0}}""");

        Run run = run("usage");

        assertThat(run.exitCode()).isZero();
        assertThat(onlyRequest().query()).isEmpty();
        assertThat(run.out()).contains("No usage recorded").contains("0.00");
    }

    @Test
    void usageFromADurationMeansThatLongAgo() {
        reply("GET /api/v1/usage", 200, "{\"totals\":{}}");

        run("usage", "--from", "7d");

        assertThat(onlyRequest().query()).containsExactly(Map.entry("from", "2026-05-03T12:00:00Z"));
    }

    @Test
    void usageRejectsAMalformedTime() {
        Run run = run("usage", "--from", "last week");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--from").contains("last week");
        assertThat(requests).isEmpty();
    }

    @Test
    void usagePrintsGroupsAndTotalsAsTables() {
        reply("GET /api/v1/usage", 200, """
                {"records":[],
                 "groups":[
                   {"key":{"team":"platform","model":"claude-sonnet-4"},"totals":{"requests":1200,"input_tokens":3456789,
                    "output_tokens":120000,"cached_tokens":2000000,"cost":12.3456}},
                   {"key":{"team":"data","model":"gpt-5"},"totals":{"requests":3,"input_tokens":900,
                    "output_tokens":100,"cached_tokens":0,"cost":0.01}}],
                 "totals":{"requests":1203,"input_tokens":3457689,"output_tokens":120100,"cached_tokens":2000000,
                  "reasoning_tokens":5000,"cost":"12.355600","unpriced_requests":2}}""");

        Run run = run("usage", "--group-by", "team,model");

        assertThat(run.exitCode()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).startsWith("TEAM").contains("MODEL", "REQUESTS", "INPUT", "OUTPUT", "CACHED", "COST");
        assertThat(lines.get(1)).contains("platform", "claude-sonnet-4", "1,200", "3,456,789", "120,000", "2,000,000",
                "12.3456");
        assertThat(lines.get(2)).contains("data", "gpt-5", "900", "0.01");
        assertThat(lines.get(1).length()).isEqualTo(lines.get(2).length());
        assertThat(run.out()).containsPattern("requests +1,203").containsPattern("reasoning tokens +5,000")
                .containsPattern("cost +12.3556").contains("2 requests to models without a price");
    }

    @Test
    void usagePrintsRecordsWhenTheServerSendsThem() {
        reply("GET /api/v1/usage", 200, """
                {"records":[{"id":"r1","timestamp":"2026-05-09T10:15:00Z","user":"a@example.com","team":"platform",
                  "model":"claude-sonnet-4","input_tokens":1000,"output_tokens":50,"cached_tokens":0,"cost":"0.004500"}],
                 "groups":[],"totals":{"requests":1,"cost":"0.004500"}}""");

        Run run = run("usage", "--limit", "1");

        assertThat(run.exitCode()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).startsWith("TIMESTAMP").contains("USER", "MODEL", "INPUT TOKENS", "COST");
        assertThat(lines.get(1)).contains("2026-05-09 10:15", "a@example.com", "1,000", "0.0045");
    }

    // status

    @Test
    void statusReportsHealthAndReadinessWithoutTheAdminKey() {
        reply("GET /health", 200, "{\"status\":\"UP\"}");
        reply("GET /ready", 200, "{\"status\":\"READY\"}");

        Run run = runWith(Map.of("AURELIS_URL", url), "status");

        assertThat(run.exitCode()).isZero();
        assertThat(requests).extracting(Recorded::path).containsExactlyInAnyOrder("/health", "/ready");
        assertThat(requests).extracting(Recorded::authorization).containsOnlyNulls();
        assertThat(run.out()).contains(url).containsPattern("health +UP").containsPattern("ready +READY");
    }

    @Test
    void statusExitsOneWhenTheServerIsNotReady() {
        reply("GET /health", 200, "{\"status\":\"UP\"}");
        reply("GET /ready", 503, "{\"status\":\"OUT_OF_SERVICE\"}");

        Run run = run("status");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).containsPattern("ready +OUT_OF_SERVICE +503");
    }

    // errors and configuration

    @Test
    void anErrorAnswerIsPrintedAsItsMessageWithExitCodeOne() {
        reply("GET /api/v1/keys", 401, """
                {"error":{"message":"invalid admin key","type":"authentication_error"}}""");

        Run run = run("keys", "list");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: invalid admin key" + System.lineSeparator())
                .contains("AURELIS_ADMIN_KEY");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anErrorAnswerWithoutJsonIsReportedByItsStatus() {
        reply("GET /api/v1/keys", 502, "upstream gone");

        Run run = run("keys", "list");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: HTTP 502: upstream gone");
    }

    @Test
    void aRefusedConnectionNamesTheUrlAndSuggestsStartingTheServer() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String closedUrl = "http://127.0.0.1:" + closedPort;

        Run run = run("--url", closedUrl, "keys", "list");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("error: cannot connect to Aurelis at " + closedUrl)
                .contains("./aurelis serve");
    }

    @Test
    void aMissingAdminKeyNamesTheEnvironmentVariableAndSendsNothing() {
        Run run = runWith(Map.of("AURELIS_URL", url), "keys", "list");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: ").contains("AURELIS_ADMIN_KEY").contains("--admin-key");
        assertThat(requests).isEmpty();
    }

    @Test
    void optionsOverrideTheEnvironmentBeforeOrAfterTheSubcommand() {
        reply("GET /api/v1/keys", 200, "{\"data\":[]}");
        Map<String, String> elsewhere = Map.of("AURELIS_URL", "http://127.0.0.1:1", "AURELIS_ADMIN_KEY", "old");

        Run before = runWith(elsewhere, "--url", url + "/", "--admin-key", "from-option", "keys", "list");
        Run after = runWith(elsewhere, "keys", "list", "--url", url, "--admin-key", "nearest");

        assertThat(before.exitCode()).isZero();
        assertThat(after.exitCode()).isZero();
        assertThat(requests).extracting(Recorded::authorization)
                .containsExactly("Bearer from-option", "Bearer nearest");
        assertThat(requests).extracting(Recorded::path).containsOnly("/api/v1/keys");
    }

    @Test
    void aMalformedUrlIsAUsageErrorAndTheHelpNamesTheDefault() {
        Run run = runWith(Map.of("AURELIS_ADMIN_KEY", ADMIN_KEY), "keys", "list", "--url", "not a url");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'not a url' is not a usable admin API URL");

        Run help = run("keys", "list", "--help");
        assertThat(help.out()).contains("http://localhost:8080").contains("AURELIS_URL");
    }

    // help and serve

    // the admin commands added for issue 18: parsing, the request they send, help

    @Test
    void everyAdminCommandsHelpListsItsExitCodes() {
        for (String[] command : new String[][] {{"alerts", "ack"}, {"analytics", "usage"}, {"feedback"},
                {"providers", "health"}, {"config", "status"}, {"roles", "create"}, {"permissions"},
                {"role-bindings", "list"}, {"users", "identities", "add"}, {"local-accounts", "set"},
                {"teams", "models"}, {"lineage"}, {"system", "sbom"}, {"monitoring", "grafana-dashboard"},
                {"webhooks", "delivery"}, {"workflows", "runs"}, {"keys", "show"}}) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            Run run = run(args);
            assertThat(run.exitCode()).as(String.join(" ", command)).isZero();
            assertThat(run.out()).as(String.join(" ", command)).contains("Exit codes:").contains("2   wrong usage")
                    .contains("-o, --output");
        }
        assertThat(requests).isEmpty();
    }

    @Test
    void alertsRaiseSendsWhatWasGivenAndPrintsTheNewAlert() {
        reply("POST /api/v1/alerts", 201, "{\"id\":\"a-1\",\"state\":\"firing\"}");

        Run run = run("alerts", "raise", "--summary", "outage", "--severity", "critical", "--action", "email",
                "--action", "slack");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(onlyRequest().json().toString())
                .isEqualTo("{\"summary\":\"outage\",\"severity\":\"critical\",\"actions\":[\"email\",\"slack\"]}");
        assertThat(run.out()).isEqualTo("Raised alert a-1 (firing).\n");
    }

    @Test
    void alertsSilenceRequiresADuration() {
        Run run = run("alerts", "silence", "--rule", "budget_exceeded");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--for");
        assertThat(requests).isEmpty();
    }

    @Test
    void analyticsPassesThePeriodAndFiltersAndPrintsCsvAsTheServerSendsIt() {
        reply("GET /api/v1/analytics/usage", 200, "day,requests\n2026-05-01,3\n");

        Run run = run("analytics", "usage", "--from", "2026-05-01", "--to", "2026-05-08", "--team", "platform",
                "--model", "gpt-4o", "--csv");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(onlyRequest().query()).containsExactly(Map.entry("from", "2026-05-01"), Map.entry("to", "2026-05-08"),
                Map.entry("team", "platform"), Map.entry("model", "gpt-4o"), Map.entry("format", "csv"));
        assertThat(run.out()).isEqualTo("day,requests\n2026-05-01,3\n");
    }

    @Test
    void analyticsRoiAssumptionsSetSendsOnlyTheGivenFigures() {
        reply("PUT /api/v1/analytics/roi-assumptions", 200, "{\"assumptions\":{\"loaded_hourly_cost\":90},\"declared\":true}");

        Run run = run("analytics", "roi-assumptions", "set", "--loaded-hourly-cost", "90", "--acceptance-rate", "0.25");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(onlyRequest().body()).isEqualTo("{\"acceptance_rate\":0.25,\"loaded_hourly_cost\":90}");
        assertThat(run.out()).startsWith("Declared assumptions:").contains("loaded_hourly_cost  90");
    }

    @Test
    void feedbackNeedsARatingAndSendsTheRequestId() {
        Run missing = run("feedback", "req-1");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--rating");

        reply("POST /api/v1/feedback", 201, "{\"status\":\"recorded\",\"request_id\":\"req-1\"}");
        Run run = run("feedback", "req-1", "--rating", "5", "--no-accepted");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(onlyRequest().body()).isEqualTo("{\"request_id\":\"req-1\",\"rating\":5,\"accepted\":false}");
    }

    @Test
    void surveyAnswerNeedsBothAnswersAndSendsThem() {
        Run missing = run("survey", "answer", "--satisfaction", "4");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--time-saved");

        reply("POST /api/v1/surveys/responses", 201, "{\"period\":{\"period\":\"2026-W49\",\"starts\":\"2026-11-30\","
                + "\"ends\":\"2026-12-06\"},\"answered\":true,\"answer\":{\"satisfaction\":4,\"time_saved\":\"1_to_3h\"},"
                + "\"time_saved_choices\":{\"none\":\"None\",\"1_to_3h\":\"1 to 3 hours\"},\"comment_limit\":1000}");
        Run run = run("survey", "answer", "--satisfaction", "4", "--time-saved", "1_to_3h", "--comment", "faster reviews");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(onlyRequest().body())
                .isEqualTo("{\"satisfaction\":4,\"time_saved\":\"1_to_3h\",\"comment\":\"faster reviews\"}");
        assertThat(run.out()).contains("Week 2026-W49").contains("satisfaction 4 of 5, time saved 1_to_3h");
    }

    @Test
    void lineageTakesARequestIdOrALinkButNotBoth() {
        Run both = run("lineage", "req-1", "--commit", "abc123");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("either a REQUEST_ID or one of --pull-request, --commit");

        Run twoLinks = run("lineage", "--commit", "abc123", "--pull-request", "acme/api#1");
        assertThat(twoLinks.exitCode()).isEqualTo(2);
        assertThat(requests).isEmpty();

        reply("GET /api/v1/lineage", 200, "{\"exchanges\":[]}");
        Run linked = run("lineage", "--pull-request", "acme/api#1");
        assertThat(linked.exitCode()).as(linked.err()).isZero();
        assertThat(onlyRequest().query()).containsExactly(Map.entry("pull_request", "acme/api#1"));
        assertThat(linked.out()).isEqualTo("No exchanges are linked to it.\n");
    }

    @Test
    void localAccountsSetReadsThePasswordFromAFileWithoutItsLineBreak() throws IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("password", ".txt");
        java.nio.file.Files.writeString(file, " spaces count \n");
        reply("PUT /api/v1/local-accounts", 200, "{\"email\":\"a@example.com\",\"local\":true}");

        Run run = run("local-accounts", "set", "a@example.com", "--password-file", file.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(onlyRequest().json().path("password").asString()).isEqualTo(" spaces count ");
        assertThat(run.out()).doesNotContain("spaces count");
    }

    @Test
    void teamsModelsTakesModelsOrEveryModelButNotBothNorNeither() {
        assertThat(run("teams", "models", "platform").exitCode()).isEqualTo(2);
        Run both = run("teams", "models", "platform", "--model", "gpt-4o", "--every-model");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--every-model");
        assertThat(requests).isEmpty();

        reply("PUT /api/v1/teams/platform/models", 200, "{\"name\":\"platform\",\"models\":[]}");
        Run every = run("teams", "models", "platform", "--every-model");
        assertThat(every.exitCode()).as(every.err()).isZero();
        assertThat(onlyRequest().body()).isEqualTo("{\"models\":[]}");
        assertThat(every.out()).isEqualTo("Team platform may use: every model.\n");
    }

    @Test
    void idsGoIntoThePathEncoded() {
        reply("DELETE /api/v1/users/u%201/identities/i%2F2", 204, "");
        reply("GET /api/v1/configuration/status", 200, "{\"file\":\"aurelis.yaml\",\"unknown_keys\":[\"x.y\"]}");

        assertThat(run("users", "identities", "remove", "u 1", "i/2").exitCode()).isZero();
        Run status = run("config", "status");

        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("file          aurelis.yaml").contains("unknown_keys  x.y");
        assertThat(requests).extracting(Recorded::path)
                .containsExactly("/api/v1/users/u%201/identities/i%2F2", "/api/v1/configuration/status");
    }

    @Test
    void noArgumentsPrintsTheHelpListingEveryCommand() {
        Run run = run();

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: aurelis").contains("serve").contains("keys").contains("usage")
                .contains("status").contains("AURELIS_ADMIN_KEY").contains("alerts").contains("analytics")
                .contains("role-bindings").contains("local-accounts").contains("monitoring")
                .contains("AURELIS_JAVA_OPTS").contains("AURELIS_AOT_CACHE   off");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        Run run = run("keyz");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: ").contains("keyz").contains("keys");
    }

    @Test
    void serveHandsItsOptionsAndTheRestToTheServerLauncher() {
        Run run = run("serve", "--config", "aurelis.yaml", "--port", "9090", "--spring.profiles.active=dev");

        assertThat(run.exitCode()).isZero();
        assertThat(launches).containsExactly(
                List.of("--config=aurelis.yaml", "--port=9090", "--spring.profiles.active=dev"));
        assertThat(requests).isEmpty();
    }

    @Test
    void serveReportsAServerThatFailsToStartWithExitCodeOne() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = AurelisCommand.commandLine(new AurelisCommand(Map.of(), Clock.systemUTC(),
                arguments -> {
                    throw new IllegalStateException("Failed to configure a DataSource");
                }));
        commandLine.setErr(new PrintWriter(err, true));

        int exitCode = commandLine.execute("serve", "--port", "0");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: the server failed to start");
    }

    @Test
    void serveRejectsAnImpossiblePort() {
        Run run = run("serve", "--port", "70000");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--port");
        assertThat(launches).isEmpty();
    }

    @Test
    void serveWithoutALauncherSaysHowToStartTheServer() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = AurelisCommand.commandLine(new AurelisCommand(Map.of(), Clock.systemUTC(), null));
        commandLine.setErr(new PrintWriter(err, true));

        int exitCode = commandLine.execute("serve");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains("./aurelis serve");
    }

    // login (RFC 8628 device login)

    private static final String DEVICE_AUTHORIZATION = """
            {"device_code":"dev-code-1","user_code":"BCDF-GHJK","verification_uri":"http://aurelis.test/device",
             "verification_uri_complete":"http://aurelis.test/device?user_code=BCDF-GHJK","expires_in":600,"interval":0}""";

    @Test
    void loginPrintsTheCodeThenStoresTheApprovedKeyReadableByTheOwnerOnly() throws IOException {
        reply("POST /api/v1/device/authorize", 200, DEVICE_AUTHORIZATION);
        reply("POST /api/v1/device/token", 200, """
                {"access_token":"aur-personal-SECRET","token_type":"Bearer","expires_in":7200}""");
        java.nio.file.Path credentials = java.nio.file.Files.createTempDirectory("cli-login").resolve("aurelis").resolve("credentials");

        Run run = run("login", "--credentials", credentials.toString(), "--poll-interval", "10ms");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("http://aurelis.test/device?user_code=BCDF-GHJK").contains("code: BCDF-GHJK")
                .contains("export ANTHROPIC_BASE_URL=" + url);
        assertThat(requests.get(0).body()).isEqualTo("client_id=aurelis-cli");
        assertThat(requests.get(0).authorization()).isNull();
        assertThat(requests.get(1).body()).contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code")
                .contains("device_code=dev-code-1");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(credentials)))
                .isEqualTo("rw-------");
        assertThat(java.nio.file.Files.readString(credentials)).contains("url=" + url + "\n")
                .contains("api_key=aur-personal-SECRET\n").contains("expires_at=2026-05-10T14:00:00Z\n");
    }

    @Test
    void loginStoresTheKeyUnderTheHomeAndConfigDirectoryTheEnvironmentNames() throws IOException {
        reply("POST /api/v1/device/authorize", 200, DEVICE_AUTHORIZATION);
        reply("POST /api/v1/device/token", 200, """
                {"access_token":"aur-personal-SECRET","token_type":"Bearer","expires_in":7200}""");
        java.nio.file.Path home = java.nio.file.Files.createTempDirectory("cli-home");
        java.nio.file.Path xdg = java.nio.file.Files.createTempDirectory("cli-xdg");

        Run underHome = runWith(Map.of("AURELIS_URL", url, "HOME", home.toString()), "login", "--poll-interval", "10ms");
        Run underXdg = runWith(Map.of("AURELIS_URL", url, "HOME", home.toString(), "XDG_CONFIG_HOME", xdg.toString()),
                "login", "--poll-interval", "10ms");

        assertThat(underHome.exitCode()).as(underHome.err()).isZero();
        assertThat(home.resolve(".config/aurelis/credentials")).content().contains("api_key=aur-personal-SECRET");
        assertThat(underXdg.exitCode()).as(underXdg.err()).isZero();
        assertThat(xdg.resolve("aurelis/credentials")).content().contains("api_key=aur-personal-SECRET");
        assertThat(underXdg.out()).contains(xdg.resolve("aurelis/credentials").toString());
    }

    @Test
    void loginStopsWaitingAfterItsTimeoutWithoutStoringAnything() throws IOException {
        reply("POST /api/v1/device/authorize", 200, DEVICE_AUTHORIZATION);
        reply("POST /api/v1/device/token", 400, """
                {"error":"authorization_pending","error_description":"The user has not approved the code yet."}""");
        java.nio.file.Path credentials = java.nio.file.Files.createTempDirectory("cli-login").resolve("credentials");

        Run run = run("login", "--credentials", credentials.toString(), "--poll-interval", "20ms", "--timeout", "200ms");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no approval within 200ms").contains("./aurelis login again");
        assertThat(requests).filteredOn(r -> r.path().equals("/api/v1/device/token")).isNotEmpty();
        assertThat(credentials).doesNotExist();
    }

    @Test
    void loginReportsADeniedOrExpiredCodeAndAServerWithoutDeviceLogin() {
        reply("POST /api/v1/device/authorize", 200, DEVICE_AUTHORIZATION);
        reply("POST /api/v1/device/token", 400, "{\"error\":\"access_denied\"}");
        Run denied = run("login", "--poll-interval", "10ms");
        reply("POST /api/v1/device/token", 400, "{\"error\":\"expired_token\"}");
        Run expired = run("login", "--poll-interval", "10ms");
        replies.clear();
        Run unsupported = run("login");

        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(denied.err()).contains("denied in the browser");
        assertThat(expired.exitCode()).isEqualTo(1);
        assertThat(expired.err()).contains("code expired").contains("./aurelis login again");
        assertThat(unsupported.exitCode()).isEqualTo(1);
        assertThat(unsupported.err()).contains("did not start a device login").contains("integrations.sso");
    }

    @Test
    void loginRejectsAMalformedWaitAsAUsageErrorWithoutCallingTheServer() {
        Run run = run("login", "--poll-interval", "5");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--poll-interval").contains("500ms, 5s or 2m");
        assertThat(requests).isEmpty();
    }

    // parsing durations and expiry

    @Test
    void durationsAreMinutesHoursOrDays() {
        assertThat(Durations.parse("90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(Durations.parse("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(Durations.parse(" 7D ")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.canonical("030D")).isEqualTo("30d");
        for (String bad : new String[] {"30", "30s", "1.5h", "-1d", "d", "", "12 h", "P30D"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("90m, 12h or 30d");
        }
    }

    @Test
    void anExpiryIsADurationFromNowOrADateAtMidnightUtcOrATimestamp() {
        assertThat(Expiry.parse("30d")).isEqualTo(new Expiry("30d", null));
        assertThat(Expiry.parse("12h")).isEqualTo(new Expiry("12h", null));
        assertThat(Expiry.parse("90m")).isEqualTo(new Expiry("90m", null));
        assertThat(Expiry.parse("2026-12-31")).isEqualTo(new Expiry(null, Instant.parse("2026-12-31T00:00:00Z")));
        assertThat(Expiry.parse("2026-12-31T18:00:00+01:00"))
                .isEqualTo(new Expiry(null, Instant.parse("2026-12-31T17:00:00Z")));
        for (String bad : new String[] {"0d", "2026-13-01", "2026-12-31T12:00", "tomorrow", "30s"}) {
            assertThatThrownBy(() -> Expiry.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void waitsAreMillisecondsSecondsOrMinutes() {
        assertThat(Durations.parseWait("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parseWait("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parseWait(" 2M ")).isEqualTo(Duration.ofMinutes(2));
        for (String bad : new String[] {"5", "0s", "1.5s", "-1s", "2h", "s", "", "PT5S"}) {
            assertThatThrownBy(() -> Durations.parseWait(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("500ms, 5s or 2m");
        }
    }

    // sessions, consents, and the commands added with them

    @Test
    void sessionsPushSendsTheFileWithItsBaseVersion() {
        reply("POST /api/v1/workspaces/eng/sessions/s1/changes", 201, """
                {"sequence":4,"file_path":"src/App.java","version":3,"actor":"a@example.com","at":"2026-06-01T12:00:00Z"}""");

        Run run = run("sessions", "push", "eng", "s1", "src/App.java", "--content", "class App {}", "--base-version", "2");

        assertThat(run.exitCode()).isZero();
        assertThat(onlyRequest().json()).isEqualTo(JSON.readTree(
                "{\"file_path\":\"src/App.java\",\"content\":\"class App {}\",\"base_version\":2}"));
        assertThat(run.out()).contains("version 3");
    }

    @Test
    void sessionsPushWantsExactlyOneSourceOfContent() {
        Run run = run("sessions", "push", "eng", "s1", "src/App.java");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--from FILE or --content TEXT");
        assertThat(requests).isEmpty();
    }

    @Test
    void sessionsCreateInvitesTheParticipants() {
        reply("POST /api/v1/workspaces/eng/sessions", 201, "{\"id\":\"s1\",\"workspace\":\"eng\"}");

        Run run = run("sessions", "create", "eng", "--title", "Fix login", "--participant", "b@example.com");

        assertThat(run.exitCode()).isZero();
        assertThat(onlyRequest().json()).isEqualTo(JSON.readTree(
                "{\"title\":\"Fix login\",\"participants\":[\"b@example.com\"]}"));
        assertThat(run.out()).contains("Started session s1");
    }

    @Test
    void sessionsEventsAsksAfterTheGivenSequence() {
        reply("GET /api/v1/workspaces/eng/sessions/s1/events", 200, "{\"session\":\"s1\",\"events\":[]}");

        Run run = run("sessions", "events", "eng", "s1", "--after", "7");

        assertThat(run.exitCode()).isZero();
        assertThat(onlyRequest().query()).containsEntry("after", "7");
    }

    @Test
    void consentsWithdrawSendsTheDecision() {
        reply("PUT /api/v1/me/consents", 200, "{\"consents\":[{\"purpose\":\"content_logging\",\"given\":false}]}");

        Run run = run("consents", "withdraw", "content_logging");

        assertThat(run.exitCode()).isZero();
        assertThat(onlyRequest().json()).isEqualTo(JSON.readTree(
                "{\"purpose\":\"content_logging\",\"given\":false}"));
        assertThat(run.out()).contains("content_logging");
    }

    @Test
    void privacyConsentsAsksForThePerson() {
        reply("GET /api/v1/privacy/consents", 200, "{\"consents\":[]}");

        Run run = run("privacy", "consents", "jane@example.com");

        assertThat(run.exitCode()).isZero();
        assertThat(onlyRequest().query()).containsEntry("user", "jane@example.com");
    }

    @Test
    void workspacesUpdateSendsOnlyWhatChanged() {
        reply("PATCH /api/v1/workspaces/eng", 200, "{\"name\":\"eng\"}");

        Run run = run("workspaces", "update", "eng", "--default-model", "gpt-4o");

        assertThat(run.exitCode()).isZero();
        assertThat(onlyRequest().json()).isEqualTo(JSON.readTree("{\"settings\":{\"default_model\":\"gpt-4o\"}}"));
    }

    @Test
    void workspacesContextHistoryReadsOneKindsVersions() {
        reply("GET /api/v1/workspaces/eng/context/notes/versions", 200, "{\"versions\":[]}");

        Run run = run("workspaces", "context", "history", "eng", "notes", "--limit", "5");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(onlyRequest().query()).containsEntry("limit", "5");
    }

    @Test
    void analyticsBaselineAndWorkflowDefinitionsReadTheirRoutes() {
        reply("GET /api/v1/analytics/baseline", 200, "{}");
        reply("GET /api/v1/workflows/definitions/review", 200, "{\"name\":\"review\"}");

        assertThat(run("analytics", "baseline", "--team", "platform").exitCode()).isZero();
        assertThat(run("workflows", "definitions", "review").exitCode()).isZero();

        assertThat(requests).extracting(Recorded::path)
                .containsExactly("/api/v1/analytics/baseline", "/api/v1/workflows/definitions/review");
        assertThat(requests.get(0).query()).containsEntry("team", "platform");
    }
}
