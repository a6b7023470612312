package dev.aurelis.spend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayTestBase;
import dev.aurelis.testing.SpendTestBase;
import dev.aurelis.testing.StreamGate;
import dev.aurelis.testing.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Redis loses the counters while exchanges are in flight — flushed, or restarted without persistence — and a hard
 * budget still holds (ADR 0030): the next reservation finds the counters' generation gone, starts a new one, puts
 * back the reservations in flight, refuses hard-limited requests for a moment (503, retryable) while replicas do
 * the same, and rebuilds spend from the ledger. Redis database 13 is this test's own, flushed at will.
 */
class RedisCounterLossTests extends SpendTestBase {

    private static final String TENANT = "tenant-loss-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Path CONFIG = writeConfig("""
            organization: { name: "Loss Corp", id: "loss-corp", tenant_id: "%3$s" }
            rbac:
              user_groups:
                engineering: { roles: ["developer"] }
            providers:
              - { name: fake, type: openai, base_url: "%1$s/v1", api_key: "%2$s", models: ["house-model"] }
            pricing:
              house-model: { input: 1000, output: 1000 }
            cost_management:
              enabled: true
              enforcement: { hard_limits: true }
            """.formatted(FAKE.baseUrl(), GatewayTestBase.OPENAI_UPSTREAM_KEY, TENANT));

    /** Each exchange holds at most (26 + 100) × 0.001 = 0.126 and costs (10 + 100) × 0.001 = 0.11. */
    private static final String STREAMED = chat("house-model", true, 100);
    private static final String PLAIN = chat("house-model", false, 100);

    @BeforeAll
    static void redisAnswers() {
        TestRedis.require();
    }

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        registry.add("aurelis.config", CONFIG::toString);
        registry.add("aurelis.redis.url", RedisCounterLossTests::ownDatabase);
        registry.add("aurelis.redis.timeout", () -> "1s");
    }

    private static String ownDatabase() {
        URI shared = URI.create(TestRedis.url());
        return shared.getScheme() + "://" + (shared.getRawUserInfo() == null ? "" : shared.getRawUserInfo() + "@")
                + shared.getHost() + ":" + (shared.getPort() > 0 ? shared.getPort() : 6379) + "/13";
    }

    @Test
    void aFlushWhileStreamsAreInFlightNeverLetsAHardBudgetOvershoot() throws Exception {
        overshootTest("flushed@loss.example", redis -> redis.flushdb());
    }

    @Test
    void aRestartWithoutPersistenceWhileStreamsAreInFlightNeverLetsAHardBudgetOvershoot() throws Exception {
        // a restart: every connection of the replica is cut and the data is gone
        overshootTest("restarted@loss.example", redis -> {
            long own = redis.clientId();
            for (String line : redis.clientList().split("\n")) {
                if (line.contains(" db=13 ") && !line.startsWith("id=" + own + " ")) {
                    redis.clientKill(io.lettuce.core.KillArgs.Builder.id(Long.parseLong(line.substring(3, line.indexOf(' ')))));
                }
            }
            redis.flushdb();
        });
    }

    private void overshootTest(String user, java.util.function.Consumer<RedisCommands<String, String>> loss) throws Exception {
        String key = newKey(user, "engineering");
        budget("{\"scope\":\"user\",\"subject\":\"" + user + "\",\"period\":\"monthly\",\"limit\":1}");
        FAKE.usage(10, 100);
        StreamGate gate = FAKE.holdStreamsAfter(2);

        List<HttpResponse<String>> streams;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            // seven streams hold 0.882 of the 1.00 budget, all held by the provider mid-answer
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                futures.add(pool.submit(() -> openAi("/v1/chat/completions", key, STREAMED)));
            }
            FAKE.awaitRequests(7, Duration.ofSeconds(30));
            HttpResponse<String> full = openAi("/v1/chat/completions", key, PLAIN);
            assertThat(full.statusCode()).as(full.body()).isEqualTo(429);

            try (RedisClient client = RedisClient.create(ownDatabase());
                    StatefulRedisConnection<String, String> connection = client.connect()) {
                loss.accept(connection.sync());
            }

            // the counters are gone with the reservations in them: nothing more may be admitted
            int unavailable = 0;
            HttpResponse<String> answer;
            do {
                answer = openAi("/v1/chat/completions", key, PLAIN);
                assertThat(answer.statusCode()).as("after the loss: " + answer.body()).isIn(429, 503);
                if (answer.statusCode() == 503) {
                    unavailable++;
                    assertThat(answer.headers().firstValue("retry-after")).isPresent();
                    assertThat(unavailable).as("the rebuild must end").isLessThan(600);
                    Thread.sleep(50); // polling, as eventually() does
                }
            } while (answer.statusCode() != 429);
            assertThat(json(answer.body()).path("error").path("code").asString()).isEqualTo("budget_exceeded");

            gate.release();
            streams = new ArrayList<>();
            for (Future<HttpResponse<String>> f : futures) {
                streams.add(f.get());
            }
        }

        assertThat(streams).allMatch(r -> r.statusCode() == 200 && r.body().contains("[DONE]"));
        BigDecimal ledger = ledgerCostOfUser(user);
        assertThat(ledger).isEqualByComparingTo("0.77");
        eventually(() -> spentOf(user).compareTo(ledger) == 0, "the rebuilt counters to match the ledger");
    }

    private BigDecimal spentOf(String user) {
        JsonNode budgets = json(admin("GET", "/api/v1/budgets", null).body());
        JsonNode list = budgets.isArray() ? budgets : budgets.path("budgets");
        for (JsonNode b : list) {
            if (user.equals(b.path("subject").asString())) {
                return b.path("current").path("spent").decimalValue();
            }
        }
        throw new AssertionError("no budget for " + user + ": " + budgets);
    }
}
