package dev.aurelis.identity.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aurelis.cli.AurelisCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DeviceLoginTests extends SignInTestBase {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aurelisLoginStoresAPersonalKeyApprovedThroughTheIdentityProvider() throws Exception {
        Path credentials = Files.createTempDirectory("aurelis-login").resolve("aurelis").resolve("credentials");
        Lines cliOut = new Lines();
        StringWriter cliErr = new StringWriter();
        ExecutorService terminal = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> cli = terminal.submit(() -> AurelisCommand.run(new String[] {"login", "--url", baseUrl(),
                    "--credentials", credentials.toString(), "--poll-interval", "50ms", "--timeout", WAIT.toSeconds() + "s"},
                    new PrintWriter(cliOut, true), new PrintWriter(cliErr, true)));
            String verificationUri = cliOut.await(line -> line.startsWith("http"), cliErr).strip();
            String userCode = cliOut.await(line -> line.startsWith("code:"), cliErr).substring(5).strip();
            assertThat(userCode).matches("[A-Z]{4}-[A-Z]{4}");
            assertThat(verificationUri).isEqualTo(baseUrl() + "/device?user_code=" + userCode);

            // the developer opens the printed page: not signed in yet, so on to the sign-in page and the provider
            nextOidcUser("devon-sub", "devon@sso.example", List.of("aurelis-platform"));
            Browser browser = browser();
            HttpResponse<String> signInPage = browser.follow(verificationUri);
            assertThat(signInPage.uri().getPath()).isEqualTo("/login");
            HttpResponse<String> approvalPage = browser.follow(field(signInPage.body(), "href=\"(/auth/oidc/login[^\"]*)\""));
            assertThat(approvalPage.statusCode()).as(approvalPage.body()).isEqualTo(200);
            assertThat(approvalPage.uri().getPath()).isEqualTo("/device");
            assertThat(approvalPage.body()).contains("devon@sso.example").contains("Approve").contains(userCode);

            HttpResponse<String> approved = browser.submitForm("/device", Map.of(
                    "_csrf", field(approvalPage.body(), "name=\"_csrf\" value=\"([^\"]+)\""),
                    "user_code", field(approvalPage.body(), "name=\"user_code\" value=\"([^\"]+)\""),
                    "action", "approve"));
            assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
            assertThat(approved.body()).contains("Approved");

            assertThat(cli.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as(cliErr.toString()).isZero();
        } finally {
            terminal.shutdownNow();
        }

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials))).isEqualTo("rw-------");
        Map<String, String> stored = Files.readAllLines(credentials).stream().filter(l -> l.contains("="))
                .collect(java.util.stream.Collectors.toMap(l -> l.substring(0, l.indexOf('=')),
                        l -> l.substring(l.indexOf('=') + 1)));
        assertThat(stored.get("url")).isEqualTo(baseUrl());
        Instant expiresAt = Instant.parse(stored.get("expires_at"));
        assertThat(expiresAt).isCloseTo(Instant.now().plus(Duration.ofHours(2)), within(5, ChronoUnit.MINUTES));
        assertThat(cliOut.all()).anyMatch(line -> line.contains("ANTHROPIC_BASE_URL=" + baseUrl()));

        // the stored key works at the gateway, in the developer's name
        HttpResponse<String> chat = browser().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                .header("authorization", "Bearer " + stored.get("api_key")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build());
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
        JsonNode record = admin("/api/v1/usage?request_id="
                + chat.headers().firstValue("x-aurelis-request-id").orElseThrow()).get("records").get(0);
        assertThat(record.get("user").asString()).isEqualTo("devon@sso.example");
        assertThat(record.get("team").asString()).isEqualTo("platform");

        // the approval is in the audit trail, with who approved which client's request
        JsonNode decided = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                admin("/api/v1/audit?action=device_login.decided&limit=200").path("entries").valueStream()
                        .filter(e -> e.path("actor").asString().equals("devon@sso.example")).findFirst().orElse(null),
                e -> e != null);
        assertThat(decided.path("details").path("decision").asString()).isEqualTo("approved");
        assertThat(decided.path("category").asString()).isEqualTo("sign_in");

        // and it is a personal key that expires
        JsonNode issued = admin("/api/v1/keys?user=devon@sso.example").get("data");
        assertThat(issued).hasSize(1);
        assertThat(stored.get("api_key")).startsWith(issued.get(0).get("prefix").asString());
        assertThat(Instant.parse(issued.get(0).get("expires_at").asString())).isCloseTo(expiresAt, within(1, ChronoUnit.MINUTES));
    }

    @Test
    void aurelisLoginStopsWhenTheSignInIsDeniedOrNotApprovedInTime() throws Exception {
        Lines out = new Lines();
        StringWriter err = new StringWriter();
        ExecutorService terminal = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> denied = terminal.submit(() -> AurelisCommand.run(new String[] {"login", "--url", baseUrl(),
                    "--credentials", Files.createTempDirectory("aurelis-login").resolve("credentials").toString(),
                    "--poll-interval", "50ms", "--timeout", WAIT.toSeconds() + "s"}, new PrintWriter(out, true),
                    new PrintWriter(err, true)));
            String userCode = out.await(line -> line.startsWith("code:"), err).substring(5).strip();
            Browser person = signInWithOidc("dana-sub", "dana@sso.example", List.of());
            assertThat(person.withCsrfCookie().postForm("/device", Map.of("user_code", userCode, "action", "deny"))
                    .statusCode()).isEqualTo(200);
            assertThat(denied.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(err.toString()).contains("denied");

            StringWriter late = new StringWriter();
            Future<Integer> unanswered = terminal.submit(() -> AurelisCommand.run(new String[] {"login", "--url", baseUrl(),
                    "--credentials", Files.createTempDirectory("aurelis-login").resolve("credentials").toString(),
                    "--poll-interval", "50ms", "--timeout", "300ms"}, new PrintWriter(new StringWriter(), true),
                    new PrintWriter(late, true)));
            assertThat(unanswered.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(late.toString()).contains("no approval within 300ms").contains("./aurelis login again");
        } finally {
            terminal.shutdownNow();
        }
    }

    @Test
    void theTokenEndpointAnswersInTheWireFormatOfRfc8628() {
        Browser cli = browser();
        JsonNode authorization = json(cli.postForm("/api/v1/device/authorize", Map.of("client_id", "codex"), false).body());
        String deviceCode = authorization.get("device_code").asString();
        assertThat(authorization.get("verification_uri").asString()).isEqualTo(baseUrl() + "/device");
        assertThat(authorization.get("interval").asInt()).isZero(); // the test server leaves the pace to clients

        HttpResponse<String> pending = poll(cli, deviceCode, "codex");
        // as a server with a pace would have stored it: polling again within the interval is too fast
        assertThat(asTenant(() -> jdbc.sql("update identity_device_authorization set interval_seconds = 5 where client_id = 'codex'")
                .update())).isEqualTo(1);
        HttpResponse<String> tooFast = poll(cli, deviceCode, "codex");
        HttpResponse<String> wrongGrant = cli.postForm("/api/v1/device/token", Map.of("grant_type", "password",
                "device_code", deviceCode), false);
        HttpResponse<String> unknown = poll(cli, "not-a-device-code", "codex");

        assertThat(pending.statusCode()).isEqualTo(400);
        assertThat(json(pending.body()).get("error").asString()).isEqualTo("authorization_pending");
        assertThat(pending.headers().firstValue("cache-control").orElse("")).contains("no-store");
        assertThat(json(tooFast.body()).get("error").asString()).isEqualTo("slow_down");
        assertThat(json(wrongGrant.body()).get("error").asString()).isEqualTo("unsupported_grant_type");
        assertThat(json(unknown.body()).get("error").asString()).isEqualTo("invalid_grant");

        Browser person = signInWithOidc("denise-sub", "denise@sso.example", List.of());
        HttpResponse<String> denied = person.withCsrfCookie().postForm("/device",
                Map.of("user_code", authorization.get("user_code").asString(), "action", "deny"));
        assertThat(denied.statusCode()).isEqualTo(200);
        assertThat(asTenant(() -> jdbc.sql("update identity_device_authorization set last_polled_at = null where client_id = 'codex'")
                .update())).isEqualTo(1);
        assertThat(json(poll(cli, deviceCode, "codex").body()).get("error").asString()).isEqualTo("access_denied");
    }

    private static HttpResponse<String> poll(Browser cli, String deviceCode, String clientId) {
        return cli.postForm("/api/v1/device/token", Map.of("grant_type", "urn:ietf:params:oauth:grant-type:device_code",
                "device_code", deviceCode, "client_id", clientId), false);
    }

    private JsonNode admin(String path) {
        HttpResponse<String> response = browser().send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("authorization", "Bearer " + ADMIN_KEY).GET().build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    private static String field(String html, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(html);
        assertThat(matcher.find()).as("%s in %s", regex, html).isTrue();
        return matcher.group(1).replace("&amp;", "&");
    }

    /** What the CLI prints, line by line, for a test to wait on (with a bound) while the CLI keeps running. */
    private static final class Lines extends Writer {

        private final StringBuilder partial = new StringBuilder();
        private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
        private final List<String> all = new CopyOnWriteArrayList<>();

        @Override
        public synchronized void write(char[] chars, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (chars[i] == '\n') {
                    all.add(partial.toString());
                    unread.add(partial.toString());
                    partial.setLength(0);
                } else if (chars[i] != '\r') {
                    partial.append(chars[i]);
                }
            }
        }

        /** The next printed line (stripped) that matches, waiting at most {@link #WAIT} for it. */
        String await(Predicate<String> wanted, StringWriter err) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            for (long left = WAIT.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                String line = unread.poll(left, TimeUnit.NANOSECONDS);
                if (line != null && wanted.test(line.strip())) {
                    return line.strip();
                }
            }
            throw new AssertionError("the CLI did not print the expected line; it printed " + all + ", errors: " + err);
        }

        List<String> all() {
            return all;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
