package dev.aurelis.spend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.AurelisApplication;
import dev.aurelis.spend.counters.RedisCounters;
import dev.aurelis.spend.counters.SpendSeeding;
import dev.aurelis.testing.FakeUpstream;
import dev.aurelis.testing.TestDatabase;
import dev.aurelis.testing.TestRedis;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Three Aurelis replicas in one JVM share one PostgreSQL database and one Redis: a team budget holds across them,
 * and restarting a replica (even after Redis lost its counters) leaves the recorded spend as the ledger has it.
 * The replicas query as the row-level-security role, so a rebuild that forgot to act for the budget's tenant
 * would see no ledger rows and restart the budget at zero.
 */
class MultiReplicaBudgetTests {

    private static final String ADMIN_KEY = "aur-replicas-admin-key-0123456789abcdef";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final BigDecimal LIMIT = new BigDecimal("0.2");
    private static final BigDecimal COST = new BigDecimal("0.016");

    private static String redisUrl;
    private static String tenant;
    private static String dbUrl;
    private static Path config;
    private static FakeUpstream fake;
    private static final List<ConfigurableApplicationContext> replicas = new ArrayList<>();

    @BeforeAll
    static void startReplicas() throws IOException {
        redisUrl = TestRedis.require();
        // Redis outlives test runs: a tenant of its own keeps earlier runs' counters out of this one.
        tenant = "replicas-" + UUID.randomUUID().toString().substring(0, 8);
        dbUrl = TestDatabase.createDatabase("aurelis_replicas_" + ProcessHandle.current().pid());
        fake = FakeUpstream.start();
        config = Files.createTempFile("aurelis-replicas", ".yaml");
        Files.writeString(config, """
                organization: { name: "Replicas", id: "%1$s", tenant_id: "%1$s" }
                rbac:
                  user_groups:
                    shared: { roles: ["developer"] }
                providers:
                  - { name: fake, type: openai, base_url: "%2$s/v1", api_key: "sk-fake", models: ["house-model"] }
                pricing:
                  house-model: { input: 1000, output: 1000 }
                cost_management:
                  enabled: true
                  enforcement: { hard_limits: true }
                  budgets:
                    teams:
                      shared: { monthly_limit: 0.2 }
                """.formatted(tenant, fake.baseUrl()));
        replicas.add(start());
        replicas.add(start());
        replicas.add(start());
    }

    @AfterAll
    static void stopReplicas() {
        replicas.forEach(ConfigurableApplicationContext::close);
        if (fake != null) {
            fake.close();
        }
        if (tenant != null) {
            try (RedisCounters redis = new RedisCounters(redisUrl, Duration.ofSeconds(2))) {
                redis.forget(tenant);
            }
        }
    }

    private static ConfigurableApplicationContext start() throws IOException {
        Path dataDir = Files.createTempDirectory("aurelis-replica");
        // Command-line arguments, so that they win over application.yaml's environment placeholders.
        return new SpringApplicationBuilder(AurelisApplication.class).run(
                "--server.port=0", "--aurelis.db.url=" + dbUrl, "--aurelis.db.user=postgres", "--aurelis.db.password=",
                "--aurelis.db.pool-size=6",
                "--aurelis.data-dir=" + dataDir, "--aurelis.config=" + config, "--aurelis.bootstrap-admin-key=" + ADMIN_KEY,
                "--aurelis.redis.url=" + redisUrl, "--aurelis.identity.refresh-interval=200ms");
    }

    private static String url(ConfigurableApplicationContext replica) {
        return "http://127.0.0.1:" + replica.getEnvironment().getProperty("local.server.port");
    }

    @Test
    void aBudgetHoldsAcrossReplicasAndSurvivesARestart() throws Exception {
        String key = issueKey(replicas.get(0));
        awaitKnownEverywhere(key);
        fake.usage(10, 6);

        // Three rounds, one request per replica: each sees the others' spend.
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            for (ConfigurableApplicationContext replica : replicas) {
                responses.add(chat(replica, key));
            }
        }
        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(200));
        // Then a burst across all three at once, more than the budget can take.
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> burst = new ArrayList<>();
            for (int i = 0; i < 18; i++) {
                ConfigurableApplicationContext replica = replicas.get(i % 3);
                burst.add(pool.submit(() -> chat(replica, key)));
            }
            for (Future<HttpResponse<String>> f : burst) {
                responses.add(f.get());
            }
        }
        // Requests in flight may have held headroom that was freed afterwards: spend what is left, one at a time.
        HttpResponse<String> drained;
        int round = 0;
        do {
            drained = chat(replicas.get(round % 3), key);
            responses.add(drained);
        } while (drained.statusCode() == 200 && ++round < 12);
        assertThat(drained.statusCode()).isEqualTo(429);
        long accepted = responses.stream().filter(r -> r.statusCode() == 200).count();
        assertThat(responses).filteredOn(r -> r.statusCode() != 200).isNotEmpty().allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(json(r.body()).path("error").path("code").asString()).isEqualTo("budget_exceeded");
        });
        BigDecimal ledger = ledgerCost(replicas.get(1));
        assertThat(ledger).isPositive().isLessThanOrEqualTo(LIMIT).isEqualByComparingTo(COST.multiply(BigDecimal.valueOf(accepted)));
        for (ConfigurableApplicationContext replica : replicas) {
            assertThat(budgetSpent(replica)).isEqualByComparingTo(ledger);
        }

        // A replica restarts: Redis still has the counters, and they are not counted again.
        replicas.remove(0).close();
        replicas.add(0, start());
        assertThat(budgetSpent(replicas.get(0))).isEqualByComparingTo(ledger);
        assertThat(chat(replicas.get(0), key).statusCode()).isEqualTo(429);

        // Redis loses everything (it keeps nothing on disk here): a restarted replica rebuilds from the ledger at
        // start, before any admin request (which acts for the tenant anyway) asks for the budget.
        try (RedisCounters redis = new RedisCounters(redisUrl, Duration.ofSeconds(2))) {
            redis.forget(tenant);
        }
        replicas.remove(2).close();
        replicas.add(2, start());
        assertThat(startupSeeded(replicas.get(2))).as("counters rebuilt at start").isTrue();
        assertThat(budgetSpent(replicas.get(2))).isEqualByComparingTo(ledger).isPositive();
        assertThat(budgetSpent(replicas.get(1))).isEqualByComparingTo(ledger);
        // replica 1 finds its counters' generation gone: for a moment (ADR 0030) it refuses with 503 while the
        // replicas hold their reservations in flight again, then the rebuilt budget refuses as spent
        HttpResponse<String> afterLoss = chat(replicas.get(1), key);
        for (int polls = 0; afterLoss.statusCode() == 503 && polls < 200; polls++) {
            assertThat(json(afterLoss.body()).path("error").path("code").asString()).isEqualTo("spend_counters_unavailable");
            Thread.sleep(50); // polling, bounded
            afterLoss = chat(replicas.get(1), key);
        }
        assertThat(afterLoss.statusCode()).as(afterLoss.body()).isEqualTo(429);
        assertThat(ledgerCost(replicas.get(2))).isEqualByComparingTo(ledger);
    }

    /** Whether the budget's counters for this period exist in Redis, without asking through the admin API. */
    private static boolean startupSeeded(ConfigurableApplicationContext replica) {
        Budgets budgets = replica.getBean(Budgets.class);
        Budget shared = budgets.list(tenant).getFirst();
        SpendPolicy policy = budgets.policy();
        PeriodWindow window = shared.period().windowAt(java.time.Instant.now(), policy.zone(), policy.fiscalYearStartMonth());
        try (RedisCounters redis = new RedisCounters(redisUrl, Duration.ofSeconds(2))) {
            return "seeded".equals(redis.seedState(tenant, SpendSeeding.seedKey(window, shared.id())));
        }
    }

    private static String issueKey(ConfigurableApplicationContext replica) {
        HttpResponse<String> response = admin(replica, "POST", "/api/v1/keys", "{\"user\":\"dev@replicas.example\",\"team\":\"shared\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response.body()).path("key").asString();
    }

    /** Keys reach other replicas by polling; wait (bounded) until each lists it, without spending budget. */
    private static void awaitKnownEverywhere(String key) throws InterruptedException {
        for (ConfigurableApplicationContext replica : replicas) {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (send(replica, HttpRequest.newBuilder(URI.create(url(replica) + "/v1/models"))
                    .header("authorization", "Bearer " + key).GET().build()).statusCode() != 200) {
                assertThat(System.nanoTime()).as("key known on every replica").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }

    private static HttpResponse<String> chat(ConfigurableApplicationContext replica, String key) {
        return send(replica, HttpRequest.newBuilder(URI.create(url(replica) + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"house-model\",\"stream\":true,\"max_tokens\":6,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build());
    }

    private static BigDecimal ledgerCost(ConfigurableApplicationContext replica) {
        JsonNode usage = json(admin(replica, "GET", "/api/v1/usage?limit=0&team=shared", null).body());
        return new BigDecimal(usage.path("totals").path("cost").asString());
    }

    private static BigDecimal budgetSpent(ConfigurableApplicationContext replica) {
        JsonNode budgets = json(admin(replica, "GET", "/api/v1/budgets", null).body()).path("budgets");
        assertThat(budgets).hasSize(1);
        return budgets.get(0).path("current").path("spent").decimalValue();
    }

    private static HttpResponse<String> admin(ConfigurableApplicationContext replica, String method, String path, String body) {
        return send(replica, HttpRequest.newBuilder(URI.create(url(replica) + path))
                .header("authorization", "Bearer " + ADMIN_KEY).header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static HttpResponse<String> send(ConfigurableApplicationContext replica, HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
