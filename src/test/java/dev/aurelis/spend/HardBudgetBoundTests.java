package dev.aurelis.spend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayTestBase;
import dev.aurelis.testing.RecordedRequest;
import dev.aurelis.testing.SpendTestBase;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Hard budgets hold whatever the provider counts (ADR 0028): the reservation is a strict bound (the prompt's UTF-8
 * bytes plus framing, and the output cap), so a provider that counts more prompt tokens than the local estimate
 * cannot push spend past the limit; and a request with no output cap, where no {@code gateway.default_max_tokens}
 * is set, is sent a cap its reservation covers. One token costs 0.001 USD; the providers here honour output caps.
 */
class HardBudgetBoundTests extends SpendTestBase {

    private static final Path CONFIG = writeConfig("""
            organization: { name: "Bound Corp", id: "bound-corp", tenant_id: "tenant-bound" }
            pricing_currency: EUR
            rbac:
              user_groups:
                engineering: { roles: ["developer"] }
            providers:
              - name: fake-openai
                type: openai
                base_url: "%1$s/v1"
                api_key: "%2$s"
                models:
                  - house-model
                  - { name: windowed-model, context_window: 3000 }
                  - unpriced-model
            pricing:
              house-model: { input: 1000, output: 1000 }
              windowed-model: { input: 1000, output: 1000 }
            cost_management:
              enabled: true
              enforcement: { hard_limits: true }
            """.formatted(FAKE.baseUrl(), GatewayTestBase.OPENAI_UPSTREAM_KEY));

    /** 1,500 bytes of English: about 300 tokens by the local count. */
    private static final String LONG_PROMPT = "Please review this change carefully and explain every risk you see. ".repeat(22);

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        registry.add("aurelis.config", CONFIG::toString);
    }

    @Test
    void longPromptsTheProviderCountsFarAboveTheLocalEstimateNeverOvershootAHardBudget() {
        String user = "long-prompts@bound.example";
        String key = newKey(user, "engineering");
        budget(user, "5");
        // the provider counts one token per byte of the prompt's text: five times the local count
        FAKE.usage(LONG_PROMPT.length(), 10).honourOutputCap();

        int admitted = 0;
        HttpResponse<String> last = null;
        for (int i = 0; i < 8; i++) {
            last = openAi("/v1/chat/completions", key, prompt(LONG_PROMPT, 10));
            if (last.statusCode() != 200) {
                break;
            }
            admitted++;
            JsonNode record = ledgerRecord(last);
            assertThat(record.path("input_tokens").asLong()).isEqualTo(LONG_PROMPT.length());
            assertThat(record.path("currency").asString()).isEqualTo("EUR");
        }

        assertThat(last.statusCode()).as(last.body()).isEqualTo(429);
        assertThat(json(last.body()).path("error").path("code").asString()).isEqualTo("budget_exceeded");
        // money in the pricing currency, exactly: 3 × 1.506 is spent, each request may cost up to 1.53
        assertThat(json(last.body()).path("error").path("message").asString())
                .contains("is 5.00 EUR; 4.518 EUR is spent", "may cost up to 1.53 EUR");
        assertThat(admitted).isPositive();
        assertThat(ledgerCostOfUser(user)).isPositive().isLessThanOrEqualTo(new BigDecimal("5"));
    }

    @Test
    void concurrentLongPromptsNeverOvershootAHardBudget() throws Exception {
        String user = "parallel-prompts@bound.example";
        String key = newKey(user, "engineering");
        budget(user, "6");
        FAKE.usage(LONG_PROMPT.length(), 40).honourOutputCap().streamEventDelay(Duration.ofMillis(5));

        List<HttpResponse<String>> responses = parallel(24, () -> openAi("/v1/chat/completions", key,
                streamedPrompt(LONG_PROMPT, 40)));

        long accepted = responses.stream().filter(r -> r.statusCode() == 200).count();
        assertThat(accepted).isBetween(1L, 23L);
        responses.stream().filter(r -> r.statusCode() != 200).forEach(r -> assertThat(r.statusCode()).isEqualTo(429));
        assertThat(ledgerCostOfUser(user)).isPositive().isLessThanOrEqualTo(new BigDecimal("6"));
    }

    @Test
    void anUncappedRequestIsSentTheCapItsReservationCoversAndAHardBudgetHolds() {
        String user = "uncapped@bound.example";
        String key = newKey(user, "engineering");
        budget(user, "10");
        // left alone, the provider would write 5,000 tokens
        FAKE.usage(10, 5000).honourOutputCap();

        List<Long> capsSent = new ArrayList<>();
        HttpResponse<String> last = null;
        for (int i = 0; i < 6; i++) {
            last = openAi("/v1/chat/completions", key, prompt("hi", null));
            if (last.statusCode() != 200) {
                break;
            }
            RecordedRequest sent = FAKE.lastRequest();
            capsSent.add(sent.body().path("max_completion_tokens").asLong());
        }

        // the model's maximum output is unknown: 4,096 while the budget covers it, then what the headroom covers
        assertThat(capsSent).hasSizeGreaterThanOrEqualTo(3);
        assertThat(capsSent.get(0)).isEqualTo(4096);
        assertThat(capsSent.get(1)).isEqualTo(4096);
        assertThat(capsSent.get(2)).isBetween(1L, 4095L);
        assertThat(last.statusCode()).isEqualTo(429);
        BigDecimal spent = ledgerCostOfUser(user);
        assertThat(spent).isLessThanOrEqualTo(new BigDecimal("10"));
        // the derived cap used the headroom to the token: what is left is less than one token's worth beyond the prompt's bound
        assertThat(new BigDecimal("10").subtract(spent)).isLessThan(new BigDecimal("0.2"));
    }

    @Test
    void anUncappedRequestToAModelWithAKnownContextWindowIsLeftUncappedUntilTheHeadroomIsSmaller() {
        String user = "windowed@bound.example";
        String key = newKey(user, "engineering");
        budget(user, "5");
        FAKE.usage(10, 2900).honourOutputCap();

        HttpResponse<String> first = openAi("/v1/chat/completions", key, prompt("hi", null, "windowed-model"));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(FAKE.lastRequest().body().has("max_completion_tokens")).isFalse();
        assertThat(FAKE.lastRequest().body().has("max_tokens")).isFalse();

        HttpResponse<String> second = openAi("/v1/chat/completions", key, prompt("hi", null, "windowed-model"));
        assertThat(second.statusCode()).isEqualTo(200);
        long cap = FAKE.lastRequest().body().path("max_completion_tokens").asLong();
        assertThat(cap).isBetween(1L, 2999L);
        assertThat(ledgerCostOfUser(user)).isLessThanOrEqualTo(new BigDecimal("5"));
    }

    @Test
    void concurrentUncappedStreamsNeverOvershootAHardBudget() throws Exception {
        String user = "uncapped-crowd@bound.example";
        String key = newKey(user, "engineering");
        budget(user, "12");
        FAKE.usage(10, 5000).honourOutputCap().streamEventDelay(Duration.ofMillis(5));

        List<HttpResponse<String>> responses = parallel(16, () -> openAi("/v1/chat/completions", key,
                "{\"model\":\"house-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"go on\"}]}"));

        assertThat(responses).anyMatch(r -> r.statusCode() == 200);
        assertThat(ledgerCostOfUser(user)).isPositive().isLessThanOrEqualTo(new BigDecimal("12"));
    }

    @Test
    void anUnpricedModelIsRefusedUnderAHardBudgetAndServedWithoutOne() {
        String budgeted = "unpriced-budgeted@bound.example";
        String key = newKey(budgeted, "engineering");
        budget(budgeted, "5");
        int before = FAKE.requestCount();

        HttpResponse<String> refused = openAi("/v1/chat/completions", key, prompt("hi", 16, "unpriced-model"));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        JsonNode error = json(refused.body()).path("error");
        assertThat(error.path("code").asString()).isEqualTo("model_not_priced");
        assertThat(error.path("message").asString()).contains("'unpriced-model' has no price",
                "user '" + budgeted + "' monthly budget");
        assertThat(FAKE.requestCount()).isEqualTo(before);

        String free = newKey("unpriced-free@bound.example", "engineering");
        HttpResponse<String> served = openAi("/v1/chat/completions", free, prompt("hi", 16, "unpriced-model"));
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(ledgerRecord(served).path("priced").asBoolean()).isFalse();
    }

    // ---------------------------------------------------------------- helpers

    private void budget(String user, String limit) {
        budget("{\"scope\":\"user\",\"subject\":\"" + user + "\",\"period\":\"monthly\",\"limit\":" + limit + "}");
    }

    private static String prompt(String text, Integer cap) {
        return prompt(text, cap, "house-model");
    }

    private static String prompt(String text, Integer cap, String model) {
        return "{\"model\":\"" + model + "\"" + (cap == null ? "" : ",\"max_tokens\":" + cap)
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    private static String streamedPrompt(String text, int cap) {
        return "{\"model\":\"house-model\",\"stream\":true,\"max_tokens\":" + cap
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    private static List<HttpResponse<String>> parallel(int n, java.util.concurrent.Callable<HttpResponse<String>> call)
            throws Exception {
        List<HttpResponse<String>> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(call));
            }
            for (Future<HttpResponse<String>> f : futures) {
                responses.add(f.get());
            }
        }
        return responses;
    }
}
