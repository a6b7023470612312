package dev.aurelis.spend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.DefaultSpendTestBase;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BudgetEnforcementTests extends DefaultSpendTestBase {

    @Test
    void sixtyFourParallelStreamsNeverSettleMoreThanAHardBudget() throws Exception {
        // team crowd: 0.50 USD a month (from the file); each exchange costs 16 tokens x 0.001 = 0.016 USD.
        String key = newKey("crowd-user@spend.example", "crowd");
        FAKE.usage(10, 6).streamEventDelay(Duration.ofMillis(20));
        List<HttpResponse<String>> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                futures.add(pool.submit(() -> openAi("/v1/chat/completions", key, chat("house-model", true, 6))));
            }
            for (Future<HttpResponse<String>> f : futures) {
                responses.add(f.get());
            }
        }

        int accepted = 0;
        for (HttpResponse<String> response : responses) {
            if (response.statusCode() == 200) {
                accepted++;
                assertThat(response.body()).contains("data: [DONE]").doesNotContain("\"error\"");
            } else {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
                JsonNode error = json(response.body()).path("error");
                assertThat(error.path("code").asString()).isEqualTo("budget_exceeded");
                assertThat(error.path("type").asString()).isEqualTo("insufficient_quota");
                assertThat(error.path("message").asString()).contains("team 'crowd' monthly budget", "0.50 USD");
                assertThat(response.headers().firstValue("x-should-retry")).contains("false");
            }
        }
        assertThat(accepted).isBetween(1, 63);
        BigDecimal settled = ledgerCostOfTeam("crowd");
        assertThat(settled).isLessThanOrEqualTo(new BigDecimal("0.5"));
        assertThat(ledgerCostOfUser("crowd-user@spend.example"))
                .isEqualByComparingTo(new BigDecimal("0.016").multiply(BigDecimal.valueOf(accepted)));

        JsonNode crowd = budgets().stream().filter(b -> b.path("subject").asString().equals("crowd")).findFirst().orElseThrow();
        assertThat(crowd.path("source").asString()).isEqualTo("configuration");
        assertThat(crowd.path("current").path("spent").decimalValue()).isEqualByComparingTo(settled);
        assertThat(crowd.path("current").path("reserved").decimalValue()).isZero();
    }

    @Test
    void streamedAndNonStreamedExchangesInBothWireFormatsAreChargedIdentically() {
        String key = newKey("same-charge@spend.example", "engineering");
        JsonNode budget = budget("{\"scope\":\"user\",\"subject\":\"same-charge@spend.example\",\"period\":\"monthly\",\"limit\":100}");
        FAKE.usage(100, 50);

        List<HttpResponse<String>> calls = List.of(
                anthropic("/v1/messages", key, message("claude-sonnet-4-5", false, 64)),
                anthropic("/v1/messages", key, message("claude-sonnet-4-5", true, 64)),
                openAi("/v1/chat/completions", key, chat("claude-sonnet-4-5", false, 64)),
                openAi("/v1/chat/completions", key, chat("claude-sonnet-4-5", true, 64)),
                openAi("/v1/chat/completions", key, chat("gpt-4o", false, 64)),
                openAi("/v1/chat/completions", key, chat("gpt-4o", true, 64)),
                anthropic("/v1/messages", key, message("gpt-4o", false, 64)),
                anthropic("/v1/messages", key, message("gpt-4o", true, 64)));

        BigDecimal sum = BigDecimal.ZERO;
        for (HttpResponse<String> call : calls) {
            assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
            JsonNode record = ledgerRecord(call);
            assertThat(new BigDecimal(record.path("cost").asString())).as(record.toString())
                    .isEqualByComparingTo("0.15");
            sum = sum.add(new BigDecimal(record.path("cost").asString()));
        }
        JsonNode status = json(admin("GET", "/api/v1/budgets/" + budget.path("id").asString(), null).body());
        assertThat(status.path("current").path("spent").decimalValue()).isEqualByComparingTo(sum);
    }

    @Test
    void aBudgetRefusalNamesTheBudgetItsLimitSpendAndResetInTheCallersWireFormat() {
        // team frontend may spend 0.05 USD a month on anthropic (an allocation rule of the file).
        String key = newKey("fe-dev@spend.example", "frontend");
        FAKE.usage(10, 6);
        assertThat(anthropic("/v1/messages", key, message("claude-sonnet-4-5", false, 6)).statusCode()).isEqualTo(200);
        assertThat(anthropic("/v1/messages", key, message("claude-sonnet-4-5", false, 6)).statusCode()).isEqualTo(200);

        HttpResponse<String> refused = anthropic("/v1/messages", key, message("claude-sonnet-4-5", false, 6));

        assertThat(refused.statusCode()).isEqualTo(429);
        JsonNode body = json(refused.body());
        assertThat(body.path("type").asString()).isEqualTo("error");
        assertThat(body.path("error").path("type").asString()).isEqualTo("rate_limit_error");
        assertThat(body.path("error").path("message").asString())
                .contains("team 'frontend' monthly budget on anthropic is 0.05 USD", "0.032 USD is spent",
                        "resets at ", "T00:00:00+01:00 (Europe/Berlin)");
        assertThat(Long.parseLong(refused.headers().firstValue("retry-after").orElseThrow())).isPositive();
        assertThat(refused.headers().firstValue("x-should-retry")).contains("false");

        // Spend on other providers is not the allocation's business; the same model through the OpenAI format is.
        assertThat(openAi("/v1/chat/completions", key, chat("gpt-4o-mini", false, 6)).statusCode()).isEqualTo(200);
        HttpResponse<String> openAiRefused = openAi("/v1/chat/completions", key, chat("claude-sonnet-4-5", false, 6));
        assertThat(openAiRefused.statusCode()).isEqualTo(429);
        assertThat(json(openAiRefused.body()).path("error").path("code").asString()).isEqualTo("budget_exceeded");
        assertThat(FAKE.requestCount("/v1/messages")).isEqualTo(2);
    }

    @Test
    void aDepartmentBudgetCountsTheSpendOfItsSubDepartments() {
        // platform-team belongs to department platform, whose parent is rnd.
        String key = newKey("platformer@spend.example", "platform-team");
        FAKE.usage(10, 6);
        assertThat(openAi("/v1/chat/completions", key, chat("house-model", false, 6)).statusCode()).isEqualTo(200);

        JsonNode rnd = budget("{\"scope\":\"department\",\"subject\":\"rnd\",\"limit\":0.02}");

        assertThat(rnd.path("current").path("spent").decimalValue()).isEqualByComparingTo("0.016");
        HttpResponse<String> refused = openAi("/v1/chat/completions", key, chat("house-model", false, 6));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(json(refused.body()).path("error").path("message").asString()).contains("department 'rnd' monthly budget");
    }

    @Test
    void rateLimitHeadersCountDownAndTheFourthRequestInAMinuteIsRefused() {
        String key = newKey("limited-user@spend.example", "limited");
        for (int expected = 2; expected >= 0; expected--) {
            HttpResponse<String> ok = openAi("/v1/chat/completions", key, chat("gpt-4o-mini", false, 16));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("x-ratelimit-limit-requests")).contains("3");
            assertThat(ok.headers().firstValue("x-ratelimit-remaining-requests")).contains(Integer.toString(expected));
            assertThat(ok.headers().firstValue("x-ratelimit-reset-requests")).isPresent();
            assertThat(ok.headers().firstValue("x-ratelimit-limit-tokens")).contains("100000");
        }

        HttpResponse<String> refused = anthropic("/v1/messages", key, message("gpt-4o-mini", false, 16));

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(json(refused.body()).path("error").path("type").asString()).isEqualTo("rate_limit_error");
        assertThat(json(refused.body()).path("error").path("message").asString()).contains("team 'limited' may send 3 requests per minute");
        assertThat(Long.parseLong(refused.headers().firstValue("retry-after").orElseThrow())).isBetween(1L, 20L);
        assertThat(refused.headers().firstValue("x-ratelimit-remaining-requests")).contains("0");
        assertThat(refused.headers().firstValue("x-should-retry")).contains("true");
    }

    @Test
    void anthropicClientsAlsoGetAnthropicRateLimitHeaders() {
        String key = newKey("anthropic-limits@spend.example", "engineering");
        HttpResponse<String> ok = anthropic("/v1/messages", key, message("gpt-4o-mini", false, 16));

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("anthropic-ratelimit-requests-limit")).contains("5");
        assertThat(ok.headers().firstValue("anthropic-ratelimit-requests-remaining")).contains("4");
        assertThat(ok.headers().firstValue("anthropic-ratelimit-tokens-limit")).contains("200000");
        assertThat(ok.headers().firstValue("x-ratelimit-limit-requests")).contains("5");
    }

    @Test
    void aDowngradePolicyServesTheCheaperModelPastItsThreshold() {
        String key = newKey("saver@spend.example", "engineering");
        budget("""
                {"scope":"user","subject":"saver@spend.example","period":"monthly","limit":0.1,
                 "downgrade":{"at":0.3,"to":"gpt-4o-mini"}}""");
        FAKE.usage(10, 6);
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> full = openAi("/v1/chat/completions", key, chat("gpt-4o", false, 6));
            assertThat(full.headers().firstValue("x-aurelis-downgraded-from")).isEmpty();
            assertThat(ledgerRecord(full).path("model_served").asString()).isEqualTo("gpt-4o");
        }

        HttpResponse<String> cheaper = openAi("/v1/chat/completions", key, chat("gpt-4o", false, 6));

        assertThat(cheaper.statusCode()).isEqualTo(200);
        assertThat(cheaper.headers().firstValue("x-aurelis-downgraded-from")).contains("gpt-4o");
        assertThat(cheaper.headers().firstValue("x-aurelis-downgrade-reason").orElseThrow()).contains("saver@spend.example");
        JsonNode record = ledgerRecord(cheaper);
        assertThat(record.path("model_requested").asString()).isEqualTo("gpt-4o");
        assertThat(record.path("model_served").asString()).isEqualTo("gpt-4o-mini");
        assertThat(FAKE.lastRequest().body().path("model").asString()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void aRequestWithoutAnOutputCapIsSentTheConfiguredDefaultAndReservedForIt() {
        // gateway.default_max_tokens is 40 in this configuration
        String key = newKey("uncapped@spend.example", "engineering");
        String uncapped = "{\"model\":\"house-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        assertThat(openAi("/v1/chat/completions", key, uncapped).statusCode()).isEqualTo(200);
        JsonNode sent = FAKE.lastRequest().body();
        assertThat(sent.path("max_completion_tokens").asInt()).isEqualTo(40);
        assertThat(sent.has("max_tokens")).isFalse();

        assertThat(openAi("/v1/chat/completions", key, uncapped.replace("house-model", "claude-sonnet-4-5")).statusCode())
                .isEqualTo(200);
        assertThat(FAKE.lastRequest().body().path("max_tokens").asInt()).isEqualTo(40);

        assertThat(openAi("/v1/responses", key, "{\"model\":\"house-model\",\"input\":\"hi\"}").statusCode()).isEqualTo(200);
        assertThat(FAKE.lastRequest().body().path("max_output_tokens").asInt()).isEqualTo(40);

        // a cap the client sets is left alone
        assertThat(openAi("/v1/chat/completions", key, chat("house-model", false, 6)).statusCode()).isEqualTo(200);
        assertThat(FAKE.lastRequest().body().path("max_tokens").asInt()).isEqualTo(6);
        assertThat(FAKE.lastRequest().body().has("max_completion_tokens")).isFalse();

        // what is reserved is what the provider is told: the same maximum as an explicit cap of 40
        budget("{\"scope\":\"user\",\"subject\":\"uncapped@spend.example\",\"limit\":0.001}");
        HttpResponse<String> withoutCap = openAi("/v1/chat/completions", key, uncapped);
        HttpResponse<String> withCap = openAi("/v1/chat/completions", key,
                uncapped.replace("\"messages\"", "\"max_completion_tokens\":40,\"messages\""));
        assertThat(withoutCap.statusCode()).isEqualTo(429);
        assertThat(withCap.statusCode()).isEqualTo(429);
        assertThat(mayCostUpTo(withoutCap)).isEqualTo(mayCostUpTo(withCap)).isNotEmpty();
    }

    private static String mayCostUpTo(HttpResponse<String> refusal) {
        String message = json(refusal.body()).path("error").path("message").asString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("may cost up to ([0-9.,]+ [A-Z]{3})").matcher(message);
        return m.find() ? m.group(1) : "";
    }

    @Test
    void eachThresholdFiresOncePerPeriodAndASoftLimitOnlyWarns() {
        String key = newKey("watched@spend.example", "engineering");
        JsonNode watched = budget("""
                {"scope":"user","subject":"watched@spend.example","period":"monthly","limit":0.05,
                 "thresholds":[0.5,0.8],"hard_limit":false}""");
        String id = watched.path("id").asString();
        FAKE.usage(10, 6);
        HttpResponse<String> last = null;
        for (int i = 0; i < 6; i++) {
            last = openAi("/v1/chat/completions", key, chat("house-model", false, 6));
            assertThat(last.statusCode()).isEqualTo(200);
        }
        assertThat(last.headers().firstValue("x-aurelis-budget-warning").orElseThrow())
                .contains("user 'watched@spend.example' monthly budget is over its limit of 0.05 USD");
        eventually(() -> eventsOf(id).size() >= 3, "three threshold crossings");

        // A crossing on another budget, queued after any repeat would have been, shows the queue has drained.
        String sentinelKey = newKey("sentinel@spend.example", "engineering");
        JsonNode sentinel = budget("{\"scope\":\"user\",\"subject\":\"sentinel@spend.example\",\"limit\":0.001,\"hard_limit\":false}");
        openAi("/v1/chat/completions", sentinelKey, chat("house-model", false, 6));
        eventually(() -> !eventsOf(sentinel.path("id").asString()).isEmpty(), "the sentinel crossing");

        List<JsonNode> events = eventsOf(id);
        assertThat(events).hasSize(3);
        assertThat(events.stream().map(e -> e.path("threshold").decimalValue().stripTrailingZeros().toPlainString()))
                .containsExactlyInAnyOrder("0.5", "0.8", "1");
        assertThat(events.get(0).path("type").asString()).isEqualTo("BudgetThresholdCrossed");
        assertThat(events.get(0).path("period_key").asString()).startsWith("M");
    }

    @Test
    void budgetsAreManagedOnlyWithBudgetPermissions() {
        String developer = newKey("dev-only@spend.example", "engineering");
        String manager = newKey("{\"user\":\"manager@spend.example\",\"team\":\"engineering\",\"roles\":[\"department_manager\"]}");
        String body = "{\"scope\":\"project\",\"subject\":\"apollo\",\"period\":\"quarterly\",\"limit\":250,\"providers\":[\"openai\"]}";

        assertThat(call(developer, "GET", "/api/v1/budgets", null).statusCode()).isEqualTo(403);
        assertThat(call(manager, "GET", "/api/v1/budgets", null).statusCode()).isEqualTo(200);
        assertThat(call(manager, "POST", "/api/v1/budgets", body).statusCode()).isEqualTo(403);

        HttpResponse<String> created = admin("POST", "/api/v1/budgets", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode budget = json(created.body());
        assertThat(budget.path("scope").asString()).isEqualTo("project");
        assertThat(budget.path("enforcement").asString()).isEqualTo("hard");
        assertThat(budget.path("current").path("period").asString()).startsWith("Q");
        assertThat(admin("POST", "/api/v1/budgets", body.replace("250", "300")).statusCode()).isEqualTo(200);
        assertThat(budgets()).filteredOn(b -> b.path("subject").asString().equals("apollo"))
                .singleElement().satisfies(b -> assertThat(b.path("limit").decimalValue()).isEqualByComparingTo("300"));

        assertThat(admin("DELETE", "/api/v1/budgets/" + budget.path("id").asString(), null).statusCode()).isEqualTo(204);
        assertThat(budgets()).noneMatch(b -> b.path("subject").asString().equals("apollo"));
        assertThat(admin("DELETE", "/api/v1/budgets/" + budget.path("id").asString(), null).statusCode()).isEqualTo(404);

        HttpResponse<String> invalid = admin("POST", "/api/v1/budgets", "{\"scope\":\"galaxy\",\"subject\":\"x\",\"limit\":1}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid.body()).path("error").path("message").asString()).contains("'galaxy' is not a budget scope");
    }

    @Test
    void aDepartmentManagerReachesTheBudgetsAndCostsOfTheirSubDepartments() {
        // department platform (team platform-team) sits under rnd
        String platformKey = newKey("platform-dev@spend.example", "platform-team");
        String engineeringKey = newKey("engineering-dev@spend.example", "engineering");
        // calls that the ledger records without spending (no such model), so other tests' budgets stay untouched
        for (String key : List.of(platformKey, engineeringKey)) {
            HttpResponse<String> unknownModel = openAi("/v1/chat/completions", key, chat("no-such-model", false, 6));
            assertThat(unknownModel.statusCode()).isEqualTo(404);
            assertThat(ledgerRecord(unknownModel).path("team").asString()).isIn("platform-team", "engineering");
        }
        String platform = budget("{\"scope\":\"department\",\"subject\":\"platform\",\"limit\":1000}").path("id").asString();
        String engineering = budget("{\"scope\":\"department\",\"subject\":\"engineering\",\"limit\":1000}").path("id").asString();
        String manager = newKey("rnd-manager@spend.example", "crowd");
        HttpResponse<String> bound = admin("POST", "/api/v1/role-bindings",
                "{\"role\":\"department_manager\",\"user\":\"rnd-manager@spend.example\",\"scope_department\":\"rnd\"}");
        assertThat(bound.statusCode()).as(bound.body()).isEqualTo(201);

        List<String> seen = new ArrayList<>();
        json(call(manager, "GET", "/api/v1/budgets", null).body()).path("budgets").forEach(b -> seen.add(b.path("id").asString()));
        assertThat(seen).contains(platform).doesNotContain(engineering);
        assertThat(call(manager, "GET", "/api/v1/budgets/" + engineering, null).statusCode()).isEqualTo(404);
        assertThat(call(manager, "DELETE", "/api/v1/budgets/" + platform, null).statusCode()).isEqualTo(403);

        HttpResponse<String> report = call(manager, "GET", "/api/v1/reports/cost?breakdown=team", null);
        assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
        List<String> teams = new ArrayList<>();
        json(report.body()).path("groups").forEach(g -> teams.add(g.path("key").asString()));
        assertThat(teams).containsExactly("platform-team");
    }

    @Test
    void theCostReportBreaksDownTheMonthWithAProjectionSuggestionsAndCsv() {
        String pricey = newKey("pricey@spend.example", "engineering");
        String thrifty = newKey("thrifty@spend.example", "frontend");
        FAKE.usage(10, 6);
        for (int i = 0; i < 5; i++) {
            assertThat(openAi("/v1/chat/completions", pricey, chat("gpt-4o", false, 6)).statusCode()).isEqualTo(200);
            openAi("/v1/chat/completions", thrifty, chat("gpt-4o-mini", false, 6));
        }

        HttpResponse<String> response = admin("GET", "/api/v1/reports/cost?breakdown=team", null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = json(response.body());
        assertThat(report.path("breakdown").asString()).isEqualTo("team");
        assertThat(report.path("currency").asString()).isEqualTo("USD");
        BigDecimal total = report.path("totals").path("cost").decimalValue();
        assertThat(report.path("totals").path("projected_cost").decimalValue()).isGreaterThanOrEqualTo(total);
        BigDecimal sumOfGroups = BigDecimal.ZERO;
        for (JsonNode group : report.path("groups")) {
            sumOfGroups = sumOfGroups.add(group.path("cost").decimalValue());
        }
        assertThat(sumOfGroups).isEqualByComparingTo(total);
        assertThat(report.path("suggestions")).anySatisfy(s -> {
            assertThat(s.path("team").asString()).isEqualTo("engineering");
            assertThat(s.path("model").asString()).isEqualTo("gpt-4o");
            assertThat(s.path("cheaper_model").asString()).isEqualTo("gpt-4o-mini");
            assertThat(s.path("estimated_savings").decimalValue()).isPositive();
        });

        HttpResponse<String> csv = admin("GET", "/api/v1/reports/cost?breakdown=model&format=csv", null);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("content-type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body().lines().findFirst()).contains("model,requests,input_tokens,output_tokens,cost,share,projected_cost,unpriced_requests,unpriced_tokens,currency");
        assertThat(csv.body()).contains("\ngpt-4o,", "\n(total),");

        HttpResponse<String> bad = admin("GET", "/api/v1/reports/cost?breakdown=planet", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(admin("GET", "/api/v1/reports/cost?period=November", null).statusCode()).isEqualTo(400);
    }

    private List<JsonNode> budgets() {
        HttpResponse<String> response = admin("GET", "/api/v1/budgets", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> list = new ArrayList<>();
        json(response.body()).path("budgets").forEach(list::add);
        return list;
    }

    private List<JsonNode> eventsOf(String budgetId) {
        List<JsonNode> list = new ArrayList<>();
        json(admin("GET", "/api/v1/budgets/events", null).body()).path("events").forEach(e -> {
            if (e.path("budget_id").asString().equals(budgetId)) {
                list.add(e);
            }
        });
        return list;
    }
}
