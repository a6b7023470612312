package dev.aurelis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every group of admin commands against a real running server: one round trip through the admin API each, and
 * the error path (an unknown id is the server's message on stderr and exit code 1).
 */
class CliAdminEndToEndTests extends GatewayTestBase {

    private static final String NO_SUCH_ID = "00000000-0000-0000-0000-000000000000";

    private CliRun aurelis(String... args) {
        return CliRun.aurelis(baseUrl(), ADMIN_KEY, Map.of(), args);
    }

    private CliRun aurelisWith(Map<String, String> environment, String... args) {
        return CliRun.aurelis(baseUrl(), ADMIN_KEY, environment, args);
    }

    private static void assertFailsWith(CliRun run, String message) {
        assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: ").contains(message);
    }

    private static CliRun ok(CliRun run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run;
    }

    @Test
    void showsOneKey() {
        JsonNode key = ok(aurelis("keys", "create", "--user", "show@example.com", "--team", "engineering", "-o", "json")).json();
        String id = key.path("id").asString();

        CliRun shown = ok(aurelis("keys", "show", id));
        assertThat(shown.out()).contains(key.path("prefix").asString()).contains("show@example.com")
                .doesNotContain(key.path("key").asString());
        assertThat(ok(aurelis("keys", "show", id, "-o", "json")).json().path("id").asString()).isEqualTo(id);

        assertFailsWith(aurelis("keys", "show", NO_SUCH_ID), "No key");
    }

    @Test
    void printsTheIdeSetupAndSaysWhenSdksAreNotHandedOut() {
        // this server allows JetBrains assistants only (integrations.ide_integration) and hands out no SDK
        CliRun setup = ok(aurelis("ide", "setup"));
        assertThat(setup.out()).contains("JetBrains IDEs").contains("/v1")
                .contains("Refused by the gateway: integrations.ide_integration.vscode_extension is false.");
        assertThat(ok(aurelis("ide", "setup", "-o", "json")).json().path("families").size()).isEqualTo(1);

        assertFailsWith(aurelis("sdks", "list"), "advanced_features.sdk_support");
        assertFailsWith(aurelis("sdks", "download", "java"), "advanced_features.sdk_support");
    }

    @Test
    void raisesAcknowledgesAndResolvesAlertsAndSilencesRules() {
        JsonNode raised = ok(aurelis("alerts", "raise", "--summary", "cli outage", "--severity", "warning", "-o", "json")).json();
        String id = raised.path("id").asString();

        assertThat(ok(aurelis("alerts", "list")).out()).contains(id).contains("cli outage");
        assertThat(ok(aurelis("alerts", "ack", id, "-o", "json")).json().path("acknowledged_by").isNull()).isFalse();
        assertThat(ok(aurelis("alerts", "resolve", id)).out()).startsWith("Resolved alert " + id);

        CliRun rules = ok(aurelis("alerts", "rules", "-o", "json"));
        String rule = rules.json().path("rules").path(0).path("name").asString();
        JsonNode silence = ok(aurelis("alerts", "silence", "--rule", rule, "--for", "2h", "--reason", "cli", "-o", "json")).json();
        String silenceId = silence.path("id").asString();
        assertThat(ok(aurelis("alerts", "silences", "list")).out()).contains(silenceId).contains(rule);
        assertThat(ok(aurelis("alerts", "unsilence", silenceId)).out()).isEqualTo("Ended silence " + silenceId + ".\n");
        assertThat(ok(aurelis("alerts", "silences", "list")).out()).doesNotContain(silenceId);

        assertFailsWith(aurelis("alerts", "ack", NO_SUCH_ID), "No alert " + NO_SUCH_ID);
        assertFailsWith(aurelis("alerts", "unsilence", NO_SUCH_ID), "No silence " + NO_SUCH_ID);
    }

    @Test
    void managesRolesAndTheirBindings() {
        assertThat(ok(aurelis("permissions")).out()).contains("keys:read");

        ok(aurelis("roles", "create", "cli-auditor", "--permission", "audit:read", "--description", "reads the trail"));
        assertThat(ok(aurelis("roles", "show", "cli-auditor", "-o", "json")).json().path("permissions").toString())
                .contains("audit:read");
        ok(aurelis("roles", "update", "cli-auditor", "--permission", "audit:read", "--permission", "usage:read"));
        assertThat(ok(aurelis("roles", "list")).out()).contains("cli-auditor").contains("usage:read");

        JsonNode binding = ok(aurelis("role-bindings", "create", "--role", "cli-auditor", "--team", "engineering",
                "-o", "json")).json();
        String bindingId = binding.path("id").asString();
        assertThat(ok(aurelis("role-bindings", "list", "--role", "cli-auditor")).out()).contains(bindingId);
        ok(aurelis("role-bindings", "delete", bindingId));
        assertThat(ok(aurelis("role-bindings", "list", "--role", "cli-auditor")).out()).isEqualTo("No role bindings.\n");
        ok(aurelis("roles", "delete", "cli-auditor"));

        assertFailsWith(aurelis("roles", "show", "cli-auditor"), "cli-auditor");
        assertFailsWith(aurelis("role-bindings", "delete", NO_SUCH_ID), NO_SUCH_ID);
    }

    @Test
    void readsAndDeprovisionsUsersAndSetsLocalPasswords() {
        ok(aurelis("keys", "create", "--user", "person@example.com", "--team", "engineering"));
        JsonNode users = ok(aurelis("users", "list", "--email", "person@example.com", "-o", "json")).json().path("data");
        assertThat(users).hasSize(1);
        String id = users.path(0).path("id").asString();

        assertThat(ok(aurelis("users", "show", id)).out()).contains("person@example.com");
        assertThat(ok(aurelis("users", "identities", "list", id)).out()).isEqualTo("No linked identities.\n");
        assertThat(ok(aurelisWith(Map.of("AURELIS_NEW_PASSWORD", "correct horse battery staple"),
                "local-accounts", "set", "person@example.com")).out())
                .isEqualTo("Set the password of person@example.com.\n");
        CliRun noPassword = aurelis("local-accounts", "set", "person@example.com");
        assertThat(noPassword.exitCode()).isEqualTo(2);
        assertThat(noPassword.err()).contains("AURELIS_NEW_PASSWORD");

        ok(aurelis("users", "delete", id));
        assertFailsWith(aurelis("users", "show", id), id);
        assertFailsWith(aurelis("users", "identities", "remove", NO_SUCH_ID, NO_SUCH_ID), NO_SUCH_ID);
    }

    @Test
    void listsTeamsAndSetsTheirModels() {
        assertThat(ok(aurelis("teams", "list")).out()).contains("engineering");
        try {
            assertThat(ok(aurelis("teams", "models", "engineering", "--model", "gpt-4o-mini", "-o", "json")).json()
                    .path("models").toString()).contains("gpt-4o-mini");
            ok(aurelis("teams", "models", "engineering", "--model", "gpt-4o-mini", "--model", "gpt-4o"));
        } finally {
            // the server is shared with the other gateway tests: engineering may use every model again
            assertThat(ok(aurelis("teams", "models", "engineering", "--every-model", "-o", "json")).json()
                    .path("models").isEmpty()).isTrue();
        }

        assertFailsWith(aurelis("teams", "models", "no-such-team", "--model", "gpt-4o"), "no-such-team");
    }

    @Test
    void readsTheServersHealthConfigurationAndMonitoring() {
        CliRun health = ok(aurelis("providers", "health"));
        assertThat(health.out()).contains("fake-openai").contains("gpt-4o-mini");

        JsonNode status = ok(aurelis("config", "status", "-o", "json")).json();
        assertThat(status.has("unknown_keys")).isTrue();

        // both documents are optional parts of a server; either they come back as JSON or the server says why not
        CliRun sbom = aurelis("system", "sbom");
        if (sbom.exitCode() == 0) {
            assertThat(sbom.json().path("bomFormat").asString()).isEqualTo("CycloneDX");
        } else {
            assertFailsWith(sbom, "SBOM");
        }
        CliRun dashboard = aurelis("monitoring", "grafana-dashboard");
        if (dashboard.exitCode() == 0) {
            assertThat(dashboard.json().path("panels").isArray()).isTrue();
        } else {
            assertFailsWith(dashboard, "rafana");
        }
    }

    @Test
    void readsLineageWebhookDeliveriesAndWorkflowRuns() {
        // lineage is off in this configuration: the server's reason, not a stack trace
        assertFailsWith(aurelis("lineage", "req-none"), "compliance.data_lineage");
        CliRun neither = aurelis("lineage");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("REQUEST_ID");

        assertFailsWith(aurelis("webhooks", "delivery", NO_SUCH_ID), NO_SUCH_ID);

        CliRun runs = ok(aurelis("workflows", "runs", "-o", "json"));
        assertThat(runs.json().isArray()).isTrue();
        assertFailsWith(aurelis("workflows", "runs", NO_SUCH_ID), "No workflow run has the id " + NO_SUCH_ID);
    }

    @Test
    void feedbackNeedsAnalyticsAndSaysSo() {
        assertFailsWith(aurelis("feedback", "req-1", "--rating", "4"), "analytics.enabled");
        assertFailsWith(aurelis("analytics", "usage"), "analytics.enabled: true");
    }

    @Test
    void consentsAndSessionsReachTheServerAndShowItsReasons() {
        // consent management is off in this configuration: the server's reason, not a stack trace
        assertFailsWith(aurelis("privacy", "consents", "jane@example.com"), "compliance.consent_management");

        assertFailsWith(aurelis("sessions", "list", "no-such-workspace"), "no-such-workspace");
    }
}
