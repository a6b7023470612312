package dev.aurelis.routing.custom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.routing.CustomModels;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.testing.GatewayTestBase;
import dev.aurelis.testing.RecordedRequest;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * An organisation's own models and model variants (ADR 0071) over real HTTP against the fake provider: a registered
 * model is routed and metered at its own price for its organisation and is unknown to every other; a variant's
 * system prompt reaches the provider in each wire format and its parameters apply only where the caller set none;
 * with the flags off the endpoints answer 404 naming their key and nothing registered is served. The flags are
 * switched on for each test and restored after it, and what a test registers is removed.
 */
class OrganizationModelsTests extends GatewayTestBase {

    private static final TenantId TENANT = TenantId.of("tenant-test");
    private static final TenantId OTHER = TenantId.of("tenant-other");
    private static final String FINE_TUNE = "ft:gpt-4o-mini-2024-07-18:acme::abc123";

    @Autowired
    CustomModels custom;

    @Autowired
    CustomModelAdmin admin;

    @Autowired
    JdbcClient jdbc;

    private boolean modelsWere;
    private boolean variantsWere;
    private final List<String> models = new ArrayList<>();
    private final List<String> variants = new ArrayList<>();
    private final List<String> otherModels = new ArrayList<>();

    @BeforeEach
    void switchOn() {
        modelsWere = custom.organizationModelsOn();
        variantsWere = custom.variantsOn();
        custom.enable(true, true, TENANT);
    }

    @AfterEach
    void removeAndRestore() {
        custom.enable(true, true, TENANT);
        variants.forEach(name -> admin("DELETE", "/api/v1/models/variants/" + name, null));
        models.forEach(name -> admin("DELETE", "/api/v1/models/organization/" + name, null));
        otherModels.forEach(name -> TenantContext.run(OTHER, () -> admin.remove(OTHER, name, "test")));
        custom.enable(modelsWere, variantsWere, TENANT);
    }

    @Test
    void anOrganisationsModelIsRoutedToItsUpstreamIdAndMeteredAtItsOwnPrice() {
        register("acme-coder", "\"input_price\":2.00,\"output_price\":8.00,\"context_window\":128000");
        FAKE.usage(1000, 500);
        String key = newKey("ada@example.com", "engineering");

        HttpResponse<String> response = openAi("/v1/chat/completions", key, chat("acme-coder", null));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        RecordedRequest sent = FAKE.lastRequest();
        assertThat(sent.model()).isEqualTo(FINE_TUNE);
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + OPENAI_UPSTREAM_KEY);
        JsonNode record = ledgerRecord(response);
        assertThat(record.path("model_requested").asString()).isEqualTo("acme-coder");
        assertThat(record.path("model_served").asString()).isEqualTo("acme-coder");
        assertThat(record.path("provider").asString()).isEqualTo("fake-openai");
        assertThat(record.path("priced").asBoolean()).isTrue();
        // 1000 × 2.00 + 500 × 8.00 per million
        assertThat(new BigDecimal(record.path("cost").asString())).isEqualByComparingTo("0.006");

        assertThat(modelIds(key)).contains("acme-coder");
    }

    @Test
    void anotherOrganisationsModelIsAsUnknownAsAnyNameNobodyServes() {
        TenantContext.run(OTHER, () -> admin.register(OTHER, new CustomModelAdmin.ModelDraft("other-coder",
                "fake-openai", "ft:gpt-4o-mini:other::x1", new BigDecimal("1"), new BigDecimal("2"), null, null), "test"));
        otherModels.add("other-coder");
        String key = newKey("ada@example.com", "engineering");
        int upstreamCalls = FAKE.requests().size();

        HttpResponse<String> theirs = openAi("/v1/chat/completions", key, chat("other-coder", null));
        HttpResponse<String> nobodys = openAi("/v1/chat/completions", key, chat("nobodys-coder", null));
        HttpResponse<String> theirsAnthropic = anthropic("/v1/messages", key, messages("other-coder", null));
        HttpResponse<String> nobodysAnthropic = anthropic("/v1/messages", key, messages("nobodys-coder", null));

        assertThat(theirs.statusCode()).isEqualTo(nobodys.statusCode()).isEqualTo(404);
        assertThat(theirs.body().replace("other-coder", "X")).isEqualTo(nobodys.body().replace("nobodys-coder", "X"));
        assertThat(theirsAnthropic.statusCode()).isEqualTo(nobodysAnthropic.statusCode()).isEqualTo(404);
        assertThat(theirsAnthropic.body().replace("other-coder", "X"))
                .isEqualTo(nobodysAnthropic.body().replace("nobodys-coder", "X"));
        assertThat(FAKE.requests()).hasSize(upstreamCalls);
        assertThat(modelIds(key)).doesNotContain("other-coder");
        HttpResponse<String> listed = admin("GET", "/api/v1/models/organization/other-coder", null);
        assertThat(listed.statusCode()).isEqualTo(404);
    }

    @Test
    void aModelForSomeTeamsIsRefusedToTheOthers() {
        register("platform-coder", "\"input_price\":1,\"output_price\":1,\"teams\":[\"restricted\"]");
        String outsider = newKey("ada@example.com", "engineering");

        HttpResponse<String> refused = openAi("/v1/chat/completions", outsider, chat("platform-coder", null));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(modelIds(outsider)).doesNotContain("platform-coder");
    }

    @Test
    void aVariantsPromptAndTemperatureReachTheProviderInTheChatFormat() {
        variant("terse-mini", "gpt-4o-mini", 0.2);
        String key = newKey("ada@example.com", "engineering");

        HttpResponse<String> plain = openAi("/v1/chat/completions", key, chat("terse-mini", null));

        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
        JsonNode sent = FAKE.lastRequest().body();
        assertThat(FAKE.lastRequest().model()).isEqualTo("gpt-4o-mini");
        assertThat(sent.path("messages").get(0).path("role").asString()).isEqualTo("system");
        assertThat(sent.path("messages").get(0).path("content").asString()).isEqualTo("Answer in one line.");
        assertThat(sent.path("messages").get(1).path("content").asString()).isEqualTo("My own rules.");
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.2);
        JsonNode record = ledgerRecord(plain);
        assertThat(record.path("model_requested").asString()).isEqualTo("terse-mini");
        assertThat(record.path("model_served").asString()).isEqualTo("gpt-4o-mini");
        // metered as gpt-4o-mini: 10 × 0.15 + 6 × 0.60 per million
        assertThat(new BigDecimal(record.path("cost").asString())).isEqualByComparingTo("0.0000051");
        assertThat(route(plain)).contains("variant=terse-mini of gpt-4o-mini");

        HttpResponse<String> own = openAi("/v1/chat/completions", key, chat("terse-mini", 0.9));

        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(FAKE.lastRequest().body().path("temperature").asDouble()).isEqualTo(0.9);
        assertThat(modelIds(key)).contains("terse-mini");
    }

    @Test
    void aVariantsPromptReachesTheProviderInTheAnthropicAndResponsesFormats() {
        variant("terse-claude", "claude-sonnet-4-5", 0.3);
        variant("terse-responses", "gpt-4o-mini", null);
        String key = newKey("ada@example.com", "engineering");

        HttpResponse<String> message = anthropic("/v1/messages", key, messages("terse-claude", null));

        assertThat(message.statusCode()).as(message.body()).isEqualTo(200);
        JsonNode sent = FAKE.lastRequest().body();
        assertThat(FAKE.lastRequest().model()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(sent.path("system").asString()).isEqualTo("Answer in one line.\n\nMy own rules.");
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.3);

        HttpResponse<String> warm = anthropic("/v1/messages", key, messages("terse-claude", 0.7));

        assertThat(warm.statusCode()).as(warm.body()).isEqualTo(200);
        assertThat(FAKE.lastRequest().body().path("temperature").asDouble()).isEqualTo(0.7);

        HttpResponse<String> response = openAi("/v1/responses", key,
                "{\"model\":\"terse-responses\",\"instructions\":\"My own rules.\",\"input\":\"hi\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(FAKE.lastRequest().body().path("instructions").asString())
                .isEqualTo("Answer in one line.\n\nMy own rules.");
        assertThat(FAKE.lastRequest().body().has("temperature")).isFalse();
    }

    @Test
    void withTheFlagsOffTheEndpointsAnswer404NamingTheKeyAndNothingRegisteredIsServed() {
        register("acme-coder", "\"input_price\":2.00,\"output_price\":8.00");
        variant("terse-mini", "gpt-4o-mini", 0.2);
        String key = newKey("ada@example.com", "engineering");
        custom.enable(false, false, TENANT);

        HttpResponse<String> models = admin("GET", "/api/v1/models/organization", null);
        HttpResponse<String> variantList = admin("POST", "/api/v1/models/variants",
                "{\"name\":\"another\",\"base_model\":\"gpt-4o-mini\"}");
        HttpResponse<String> routed = openAi("/v1/chat/completions", key, chat("acme-coder", null));

        assertThat(models.statusCode()).isEqualTo(404);
        assertThat(models.body()).contains("advanced_features.organization_specific_models");
        assertThat(variantList.statusCode()).isEqualTo(404);
        assertThat(variantList.body()).contains("advanced_features.model_customization");
        assertThat(routed.statusCode()).isEqualTo(404);
        assertThat(json(routed.body()).path("error").path("code").asString()).isEqualTo("model_not_found");
        HttpResponse<String> variantCall = openAi("/v1/chat/completions", key, chat("terse-mini", null));
        assertThat(variantCall.statusCode()).isEqualTo(404);
        assertThat(modelIds(key)).doesNotContain("acme-coder", "terse-mini");
    }

    @Test
    void badRegistrationsAreRefusedWithTheReason() {
        HttpResponse<String> unknownProvider = admin("POST", "/api/v1/models/organization",
                "{\"name\":\"x1\",\"provider\":\"nowhere\",\"upstream_id\":\"m\",\"input_price\":1,\"output_price\":1}");
        HttpResponse<String> unpriced = admin("POST", "/api/v1/models/organization",
                "{\"name\":\"x2\",\"provider\":\"fake-openai\",\"upstream_id\":\"m\"}");
        HttpResponse<String> shadowing = admin("POST", "/api/v1/models/organization",
                "{\"name\":\"gpt-4o\",\"provider\":\"fake-openai\",\"upstream_id\":\"m\",\"input_price\":1,\"output_price\":1}");
        HttpResponse<String> unknownBase = admin("POST", "/api/v1/models/variants",
                "{\"name\":\"x3\",\"base_model\":\"nobodys-model\"}");
        HttpResponse<String> hot = admin("POST", "/api/v1/models/variants",
                "{\"name\":\"x4\",\"base_model\":\"gpt-4o\",\"temperature\":3}");

        assertThat(unknownProvider.statusCode()).isEqualTo(400);
        assertThat(unknownProvider.body()).contains("provider");
        assertThat(unpriced.statusCode()).isEqualTo(400);
        assertThat(unpriced.body()).contains("input_price");
        assertThat(shadowing.statusCode()).isEqualTo(400);
        assertThat(unknownBase.statusCode()).isEqualTo(400);
        assertThat(unknownBase.body()).contains("base_model");
        assertThat(hot.statusCode()).isEqualTo(400);
        assertThat(admin("GET", "/api/v1/models/organization", null).body()).doesNotContain("\"x1\"", "\"x2\"");
    }

    @Test
    void changesAreAudited() {
        register("audited-coder", "\"input_price\":1,\"output_price\":1");
        HttpResponse<String> changed = admin("PUT", "/api/v1/models/organization/audited-coder", "{\"output_price\":3}");

        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(json(changed.body()).path("output_price").decimalValue()).isEqualByComparingTo("3");
        assertThat(json(changed.body()).path("input_price").decimalValue()).isEqualByComparingTo("1");
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
            JsonNode page = json(admin("GET", "/api/v1/audit?limit=50&target=model:audited-coder", null).body());
            List<String> actions = page.path("entries").valueStream().map(e -> e.path("action").asString()).toList();
            return actions.containsAll(List.of("model.registered", "model.updated"));
        });
    }

    // ------------------------------------------------------------------ helpers

    private void register(String name, String rest) {
        HttpResponse<String> made = admin("POST", "/api/v1/models/organization", "{\"name\":\"" + name
                + "\",\"provider\":\"fake-openai\",\"upstream_id\":\"" + FINE_TUNE + "\"," + rest + "}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        models.add(name);
    }

    private void variant(String name, String base, Double temperature) {
        HttpResponse<String> made = admin("POST", "/api/v1/models/variants", "{\"name\":\"" + name + "\",\"base_model\":\""
                + base + "\",\"system_prompt\":\"Answer in one line.\""
                + (temperature == null ? "" : ",\"temperature\":" + temperature) + "}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        variants.add(name);
    }

    private static String chat(String model, Double temperature) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"system\",\"content\":\"My own rules.\"},"
                + "{\"role\":\"user\",\"content\":\"hi\"}]" + (temperature == null ? "" : ",\"temperature\":" + temperature)
                + "}";
    }

    private static String messages(String model, Double temperature) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":16,\"system\":\"My own rules.\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"
                + (temperature == null ? "" : ",\"temperature\":" + temperature) + "}";
    }

    private List<String> modelIds(String key) {
        HttpResponse<String> listed = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/v1/models"))
                .header("authorization", "Bearer " + key).GET().build());
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json(listed.body()).path("data").forEach(m -> ids.add(m.path("id").asString()));
        return ids;
    }

    private String route(HttpResponse<?> response) {
        String requestId = response.headers().firstValue("x-aurelis-request-id").orElseThrow();
        return TenantContext.call(TENANT, () -> jdbc.sql("select route from spend_usage where request_id = ?")
                .param(requestId).query(String.class).single());
    }
}
