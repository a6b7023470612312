package dev.aurelis.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aurelis.AurelisApplication;
import dev.aurelis.testing.FakeGitHub;
import dev.aurelis.testing.FakeUpstream;
import dev.aurelis.testing.GatewayHttp;
import dev.aurelis.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * GitHub App authentication against a fake GitHub that checks it as GitHub documents it: the app's key (PKCS#1, from
 * a file) signs a JWT, the webhook's {@code installation.id} (or the repository's installation, looked up) gets an
 * installation token, the token is reused while it is fresh and replaced when its {@code expires_at} comes near,
 * the personal access token also configured is never sent, and a key GitHub does not accept fails the run with the
 * reason instead of an error answer.
 */
@SpringBootTest(classes = AurelisApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
class GitHubAppTests {

    private static final String ADMIN_KEY = "aur-test-bootstrap-admin-key-0123456789";
    private static final String WEBHOOK_SECRET = "an app's webhook secret";
    private static final String APP_ID = "Iv23liAurelisTest";
    /** Configured too; the app wins, so GitHub never sees it. */
    private static final String PAT = "github_pat_never_sent_while_the_app_is_configured";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String NO_FINDINGS = "{\"findings\": []}";
    private static final String PATCH = "@@ -1,2 +1,3 @@\n class Main {\n+  int answer = 42;\n }";

    private static final KeyPair APP_KEY = rsa();
    private static final FakeUpstream FAKE = FakeUpstream.start();
    private static final FakeGitHub GITHUB = FakeGitHub.start(PAT + "-but-not-this-one")
            .app(APP_ID, (RSAPublicKey) APP_KEY.getPublic())
            .installation("Codertocat/Hello-World", 11)
            .installation("Codertocat/Refreshing", 12)
            .installation("Codertocat/Looked-Up", 13)
            .installation("Codertocat/Misconfigured", 14);
    private static final Path CONFIG = writeConfig();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void aurelisProperties(DynamicPropertyRegistry registry) {
        registry.add("aurelis.config", CONFIG::toString);
        registry.add("aurelis.bootstrap-admin-key", () -> ADMIN_KEY);
    }

    @BeforeEach
    void resetFakes() {
        FAKE.reset();
        GITHUB.reset();
        FAKE.reply(NO_FINDINGS);
    }

    @Test
    void runsUseTheInstallationTokenOfTheDeliveryAndReuseItWhileItIsFresh() {
        String repository = "Codertocat/Hello-World";
        GITHUB.pullRequestFiles(repository, 1, List.of(FakeGitHub.file("src/Main.java", "modified", PATCH)));

        assertThat(deliver(pullRequest("opened", repository, 1, "a1", 11)).statusCode()).isEqualTo(202);
        assertThat(awaitCompletedCheck("a1").path("conclusion").asString()).isEqualTo("success");
        assertThat(deliver(pullRequest("synchronize", repository, 1, "a2", 11)).statusCode()).isEqualTo(202);
        assertThat(awaitCompletedCheck("a2").path("conclusion").asString()).isEqualTo("success");

        List<FakeGitHub.Minted> minted = mintedFor(11);
        assertThat(minted).as("one token serves both runs").hasSize(1);
        List<FakeGitHub.Call> repositoryCalls = callsUnder(repository);
        assertThat(repositoryCalls).as("check runs, files, comments").hasSizeGreaterThanOrEqualTo(6);
        assertThat(repositoryCalls).extracting(FakeGitHub.Call::authorization)
                .containsOnly("Bearer " + minted.getFirst().token());
        assertThat(GITHUB.calls()).extracting(FakeGitHub.Call::authorization).doesNotContain("Bearer " + PAT);
        assertThat(GITHUB.calls()).filteredOn(c -> c.path().equals("/app/installations/11/access_tokens")).hasSize(1)
                .allSatisfy(c -> assertThat(c.authorization()).as("a JWT, not a token").startsWith("Bearer ey"));
    }

    @Test
    void aTokenNearItsExpiryIsReplacedBeforeTheNextCall() {
        String repository = "Codertocat/Refreshing";
        GITHUB.pullRequestFiles(repository, 2, List.of(FakeGitHub.file("src/Main.java", "modified", PATCH)));
        // GitHub says each token expires in two minutes: inside the five minutes Aurelis keeps in hand
        GITHUB.tokenLifetime(Duration.ofMinutes(2));

        assertThat(deliver(pullRequest("opened", repository, 2, "b1", 12)).statusCode()).isEqualTo(202);
        assertThat(awaitCompletedCheck("b1").path("conclusion").asString()).isEqualTo("success");

        List<FakeGitHub.Minted> minted = mintedFor(12);
        List<FakeGitHub.Call> repositoryCalls = callsUnder(repository);
        assertThat(minted).as("a new token for each call").hasSize(repositoryCalls.size());
        assertThat(repositoryCalls).extracting(FakeGitHub.Call::authorization)
                .containsExactlyElementsOf(minted.stream().map(m -> "Bearer " + m.token()).toList());

        GITHUB.tokenLifetime(FakeGitHub.DEFAULT_TOKEN_LIFETIME);
        assertThat(deliver(pullRequest("synchronize", repository, 2, "b2", 12)).statusCode()).isEqualTo(202);
        awaitCompletedCheck("b2");
        assertThat(mintedFor(12)).as("the last short-lived token was replaced, the hour-long one kept")
                .hasSize(minted.size() + 1);
    }

    @Test
    void withoutAnInstallationInTheDeliveryTheRepositorysInstallationIsLookedUp() {
        String repository = "Codertocat/Looked-Up";
        GITHUB.pullRequestFiles(repository, 3, List.of(FakeGitHub.file("src/Main.java", "modified", PATCH)));

        assertThat(deliver(pullRequest("opened", repository, 3, "c1", 0)).statusCode()).isEqualTo(202);
        assertThat(awaitCompletedCheck("c1").path("conclusion").asString()).isEqualTo("success");

        assertThat(GITHUB.calls()).filteredOn(c -> c.path().equals("/repos/" + repository + "/installation"))
                .hasSize(1).allSatisfy(c -> assertThat(c.authorization()).startsWith("Bearer ey"));
        assertThat(mintedFor(13)).hasSize(1);
    }

    @Test
    void aKeyGitHubDoesNotAcceptFailsTheRunWithTheReason() {
        String repository = "Codertocat/Misconfigured";
        GITHUB.appKey((RSAPublicKey) rsa().getPublic()); // the app's key was replaced on GitHub, not here
        try {
            HttpResponse<String> accepted = deliver(pullRequest("opened", repository, 4, "d1", 14));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String run = JSON.readTree(accepted.body()).path("runs").get(0).asString();

            JsonNode finished = await().atMost(Duration.ofSeconds(60)).until(() -> JSON.readTree(
                    admin("/api/v1/workflows/runs/" + run).body()), r -> r.path("run").path("status").asString().equals("completed"));
            assertThat(finished.path("run").path("conclusion").asString()).isEqualTo("failure");
            assertThat(finished.path("steps").get(0).path("error").asString())
                    .contains("GitHub refused the GitHub App " + APP_ID, "A JSON web token could not be decoded",
                            "integrations.workflows.github.app");
            assertThat(FAKE.requestCount()).as("no model reviews what cannot be read").isZero();
            assertThat(mintedFor(14)).isEmpty();
        } finally {
            GITHUB.appKey((RSAPublicKey) APP_KEY.getPublic());
        }
    }

    private static List<FakeGitHub.Minted> mintedFor(long installation) {
        return GITHUB.mintedTokens().stream().filter(m -> m.installation() == installation).toList();
    }

    private static List<FakeGitHub.Call> callsUnder(String repository) {
        return GITHUB.calls().stream().filter(c -> c.path().startsWith("/repos/" + repository + "/")
                && !c.path().endsWith("/installation")).toList();
    }

    private static JsonNode awaitCompletedCheck(String headSha) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> GITHUB.checkRuns().stream()
                .filter(c -> c.path("head_sha").asString().equals(headSha) && c.path("status").asString().equals("completed"))
                .findFirst().orElse(null), c -> c != null);
    }

    /** GitHub's pull_request payload as an app receives it: with its {@code installation} (none when 0). */
    private static String pullRequest(String action, String repository, long number, String head, long installation) {
        ObjectNode payload = (ObjectNode) JSON.readTree(GitHubPayloads.pullRequest(action, repository, number,
                "f95f852bd8fca8fcc58a9a2d6c842781e32a215e", head, "Codertocat", "Answer"));
        if (installation > 0) {
            payload.putObject("installation").put("id", installation).put("node_id", "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==");
        }
        return JSON.writeValueAsString(payload);
    }

    private HttpResponse<String> deliver(String payload) {
        return GatewayHttp.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/github"))
                .header("content-type", "application/json")
                .header("x-github-event", "pull_request")
                .header("x-github-delivery", UUID.randomUUID().toString())
                .header("x-hub-signature-256", signature(payload))
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build());
    }

    private static String signature(String payload) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(WEBHOOK_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "HmacSHA256"));
            return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(
                    payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> admin(String path) {
        return GatewayHttp.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("authorization", "Bearer " + ADMIN_KEY).GET().build());
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key as GitHub hands it out: PKCS#1, {@code BEGIN RSA PRIVATE KEY}. */
    static String pkcs1Pem(KeyPair key) {
        byte[] pkcs8 = key.getPrivate().getEncoded();
        // a 2048-bit key's PKCS#8 wrapping is 26 bytes: the version, the algorithm and the octet string's header
        byte[] pkcs1 = Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
        return "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs1)
                + "\n-----END RSA PRIVATE KEY-----\n";
    }

    private static Path writeConfig() {
        try {
            Path key = Files.createTempFile("github-app", ".pem");
            Files.writeString(key, pkcs1Pem(APP_KEY));
            String yaml = """
                    organization: { name: "Test Corp", id: "test-corp", tenant_id: "tenant-test" }
                    models: { timeout: 5 }
                    routing:
                      retry: { max_retries: 0 }
                      circuit_breaker: { enabled: false }
                    providers:
                      - name: fake-openai
                        type: openai
                        base_url: "%1$s/v1"
                        api_key: "sk-upstream-openai"
                        models: ["gpt-4o"]
                    integrations:
                      workflows:
                        enabled: true
                        automated_reviews: true
                        github:
                          api_url: "%2$s"
                          token: "%3$s"
                          webhook_secret: "%4$s"
                          app: { id: "%5$s", private_key_file: "%6$s" }
                        repositories:
                          - { name: "Codertocat/Hello-World", team: payments, workflows: [scan] }
                          - { name: "Codertocat/Refreshing", team: payments, workflows: [scan] }
                          - { name: "Codertocat/Looked-Up", team: payments, workflows: [scan] }
                          - { name: "Codertocat/Misconfigured", team: payments, workflows: [scan] }
                        definitions:
                          - name: scan
                            triggers: [pr_created, commit_pushed]
                            steps:
                              - { name: security_scan, action: analyze_security, model: gpt-4o, blocking: true }
                    """.formatted(FAKE.baseUrl(), GITHUB.baseUrl(), PAT, WEBHOOK_SECRET, APP_ID, key);
            Path file = Files.createTempFile("aurelis-github-app-test", ".yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
