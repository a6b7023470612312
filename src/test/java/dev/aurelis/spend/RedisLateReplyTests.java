package dev.aurelis.spend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayTestBase;
import dev.aurelis.testing.RedisReplyProxy;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Redis is healthy, but one counter reply reaches the gateway too late — what a gateway short of CPU sees — and a
 * budget set never to refuse must still not refuse (issue 20, ADR 0079): the gateway asks Redis a PING, which it
 * answers, and runs the command once more without counting twice. {@code on_redis_failure} is the default,
 * {@code fail_closed}, under which the gateway used to refuse every governed exchange for 5 s. The proxy withholds
 * the reply until the gateway has given up on it and sent its PING, so no timing decides the outcome.
 */
class RedisLateReplyTests extends RedisBehindProxyTestBase {

    private static final String TENANT = "tenant-late-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Path CONFIG = writeConfig("""
            organization: { name: "Late Corp", id: "late-corp", tenant_id: "%3$s" }
            rbac:
              user_groups:
                governed: { roles: ["developer"] }
            providers:
              - { name: fake, type: openai, base_url: "%1$s/v1", api_key: "%2$s", models: ["house-model"] }
            pricing:
              house-model: { input: 1000, output: 1000 }
            cost_management:
              enabled: true
              enforcement: { hard_limits: true }
              budgets:
                teams:
                  governed: { monthly_limit: 100000 }
            """.formatted(FAKE.baseUrl(), GatewayTestBase.OPENAI_UPSTREAM_KEY, TENANT));

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        redisThroughTheProxy(registry, CONFIG);
    }

    @Test
    void aReservationWhoseReplyComesTooLateIsAdmittedAndHeldOnce() throws Exception {
        String key = newKey("reserve@late.example", "governed");
        FAKE.usage(10, 6);
        // the budget's counters are built from the ledger first, so the withheld reply is the one that takes
        assertThat(openAi("/v1/chat/completions", key, chat("house-model", false, 6)).statusCode()).isEqualTo(200);
        countersMatchTheLedger();
        RedisReplyProxy.Hold hold = proxy.withholdReplyTo(RedisReplyProxy.script("reserve"));

        HttpResponse<String> answer = anthropic("/v1/messages", key, message("house-model", false, 6));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(hold.withheld(Duration.ZERO)).as("the reservation's reply was withheld").isTrue();
        assertThat(hold.pinged()).as("the gateway asked Redis a PING").isTrue();
        // held once and settled once: nothing stays reserved, and spent is what the ledger says
        countersMatchTheLedger();
    }

    @Test
    void aSettlementWhoseReplyComesTooLateIsCountedOnceAndRefusesNothing() throws Exception {
        String key = newKey("settle@late.example", "governed");
        FAKE.usage(10, 6);
        RedisReplyProxy.Hold hold = proxy.withholdReplyTo(RedisReplyProxy.script("settle"));

        assertThat(openAi("/v1/chat/completions", key, chat("house-model", false, 6)).statusCode()).isEqualTo(200);
        assertThat(hold.withheld(Duration.ofSeconds(30))).as("the settlement's reply was withheld").isTrue();
        // sent while the settlement's reply is held back: its own reply comes behind it
        HttpResponse<String> next = openAi("/v1/chat/completions", key, chat("house-model", false, 6));

        assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
        assertThat(hold.pinged()).isTrue();
        countersMatchTheLedger();
    }

    private void countersMatchTheLedger() {
        eventually(() -> {
            JsonNode current = governedBudget().path("current");
            return current.path("reserved").decimalValue().signum() == 0
                    && current.path("spent").decimalValue().compareTo(ledgerCostOfTeam("governed")) == 0;
        }, "the team's counters to hold nothing and match the ledger: " + governedBudget().path("current"));
        assertThat(ledgerCostOfTeam("governed")).isGreaterThan(BigDecimal.ZERO);
    }

    private JsonNode governedBudget() {
        JsonNode budgets = json(admin("GET", "/api/v1/budgets", null).body());
        for (JsonNode b : budgets.isArray() ? budgets : budgets.path("budgets")) {
            if ("governed".equals(b.path("subject").asString())) {
                return b;
            }
        }
        throw new AssertionError("no budget of team governed: " + budgets);
    }
}
