package dev.aurelis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayTestBase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/** The command line against a real running server: issue a key, use it, see the usage, rotate and revoke. */
class CliEndToEndTests extends GatewayTestBase {

    private record Run(int exitCode, String out, String err) {
    }

    private Run aurelis(String... args) {
        return aurelisWithKey(ADMIN_KEY, args);
    }

    private Run aurelisWithKey(String key, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AurelisCommand root = new AurelisCommand(Map.of("AURELIS_URL", baseUrl(), "AURELIS_ADMIN_KEY", key),
                Clock.systemUTC(), serveArgs -> {
                    throw new AssertionError("serve must not be called");
                });
        CommandLine commandLine = AurelisCommand.commandLine(root);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return new Run(commandLine.execute(args), out.toString(), err.toString());
    }

    @Test
    void managesKeysAndReadsUsageThroughTheAdminApi() {
        Run created = aurelis("keys", "create", "--user", "cli@example.com", "--team", "engineering", "--project", "apollo",
                "--expires", "30d", "-o", "json");
        assertThat(created.exitCode()).as(created.err()).isZero();
        JsonNode key = json(created.out());
        String secret = key.path("key").asString();
        assertThat(secret).startsWith("aur-");

        FAKE.usage(11, 3);
        assertThat(openAi("/v1/chat/completions", secret,
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode()).isEqualTo(200);

        Run listed = aurelis("keys", "list", "--user", "cli@example.com");
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.out()).contains(key.path("prefix").asString()).contains("apollo").doesNotContain(secret);

        Run usage = aurelis("usage", "--user", "cli@example.com", "--group-by", "model", "-o", "json");
        assertThat(usage.exitCode()).as(usage.err()).isZero();
        assertThat(json(usage.out()).path("totals").path("input_tokens").asLong()).isEqualTo(11);

        Run rotated = aurelis("keys", "rotate", key.path("id").asString(), "--grace", "1h", "-o", "json");
        assertThat(rotated.exitCode()).as(rotated.err()).isZero();
        String replacement = json(rotated.out()).path("key").asString();
        assertThat(replacement).isNotEqualTo(secret);

        Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(rotated.out());
        assertThat(id.find()).isTrue();
        assertThat(aurelis("keys", "revoke", id.group(1)).exitCode()).isZero();
        assertThat(openAi("/v1/chat/completions", replacement,
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode()).isEqualTo(401);
    }

    @Test
    void managesWebhookSubscriptionsThroughTheAdminApi() {
        Run created = aurelis("webhooks", "create", "--endpoint", "http://127.0.0.1:9/cli", "--event", "key.revoked",
                "--description", "cli hook", "--disabled", "-o", "json");
        assertThat(created.exitCode()).as(created.err()).isZero();
        JsonNode made = json(created.out());
        String id = made.path("subscription").path("id").asString();
        assertThat(made.path("secret").asString()).startsWith("whsec_");

        Run listed = aurelis("webhooks", "list");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.out()).contains(id).contains("key.revoked").contains("cli hook")
                .doesNotContain(made.path("secret").asString());

        Run updated = aurelis("webhooks", "update", id, "--event", "key.issued", "--event", "alert.fired", "-o", "json");
        assertThat(updated.exitCode()).as(updated.err()).isZero();
        assertThat(json(updated.out()).path("event_types").toString()).contains("key.issued").contains("alert.fired");

        Run deliveries = aurelis("webhooks", "deliveries", id);
        assertThat(deliveries.exitCode()).as(deliveries.err()).isZero();
        assertThat(aurelis("webhooks", "event-types").out()).contains("dev.aurelis.budget.threshold_crossed");

        Run refused = aurelis("webhooks", "create", "--endpoint", "http://127.0.0.1:9/cli", "--event", "nothing.happened");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("'nothing.happened' is not an event type");

        assertThat(aurelis("webhooks", "delete", id).exitCode()).isZero();
        assertThat(aurelis("webhooks", "show", id).err()).contains("No webhook subscription");
    }

    @Test
    void managesWorkspacesAndSharesContextThroughTheAdminApi() {
        String ownerKey = newKey("cli-ws-owner@example.com", "engineering");
        Run created = aurelis("workspaces", "create", "cli-team", "--description", "CLI team",
                "--permission", "chat=read_write", "--permission", "github=read_write",
                "--member", "cli-ws-owner@example.com:owner", "--default-model", "gpt-4o-mini", "-o", "json");
        assertThat(created.exitCode()).as(created.err()).isZero();
        JsonNode made = json(created.out());
        assertThat(made.path("settings").path("default_model").asString()).isEqualTo("gpt-4o-mini");
        assertThat(made.path("members").get(0).path("role").asString()).isEqualTo("owner");

        Run listed = aurelis("workspaces", "list");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.out()).contains("cli-team").contains("github=read_write").contains("CLI team");

        Run shared = aurelisWithKey(ownerKey, "workspaces", "share", "cli-team", "--item", "branch=feature/new-ui",
                "--item", "notes=Dashboard work");
        assertThat(shared.exitCode()).as(shared.err()).isZero();
        assertThat(shared.out()).contains("Shared 2 new version(s)");
        Run context = aurelisWithKey(ownerKey, "workspaces", "context", "cli-team");
        assertThat(context.exitCode()).as(context.err()).isZero();
        assertThat(context.out()).contains("feature/new-ui").contains("Dashboard work")
                .contains("cli-ws-owner@example.com");
        Run outsider = aurelis("workspaces", "context", "cli-team");
        assertThat(outsider.exitCode()).isEqualTo(1);
        assertThat(outsider.err()).contains("not a member of workspace");

        Run added = aurelis("workspaces", "add-member", "cli-team", "cli-ws-viewer@example.com", "--role", "viewer");
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.out()).contains("now has 2 member(s)");
        assertThat(aurelis("workspaces", "remove-member", "cli-team", "cli-ws-viewer@example.com").exitCode()).isZero();
        assertThat(json(aurelis("workspaces", "show", "cli-team").out()).path("members")).hasSize(1);

        assertThat(aurelis("workspaces", "archive", "cli-team").exitCode()).isZero();
        assertThat(aurelis("workspaces", "list", "--archived").out()).contains("cli-team");
        assertThat(aurelis("workspaces", "list").out()).doesNotContain("cli-team");
    }

    @Test
    void setsListsAndDeletesBudgetsThroughTheAdminApi() {
        newKey("cli-budget@example.com", "engineering");
        Run set = aurelis("budgets", "set", "--scope", "user", "--subject", "cli-budget@example.com", "--period",
                "monthly", "--limit", "750", "--threshold", "0.5", "-o", "json");
        assertThat(set.exitCode()).as(set.err()).isZero();
        JsonNode budget = json(set.out());
        String id = budget.path("id").asString();
        assertThat(budget.path("limit").decimalValue()).isEqualByComparingTo("750");
        assertThat(budget.path("thresholds").toString()).contains("0.5");

        Run listed = aurelis("budgets", "list");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.out()).contains(id).contains("cli-budget@example.com").contains("monthly");
        assertThat(json(aurelis("budgets", "show", id).out()).path("subject").asString())
                .isEqualTo("cli-budget@example.com");
        assertThat(aurelis("budgets", "events", "--since", "7d").exitCode()).isZero();

        Run refused = aurelis("budgets", "set", "--scope", "galaxy", "--period", "monthly", "--limit", "1");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("galaxy");

        assertThat(aurelis("budgets", "delete", id).exitCode()).isZero();
        assertThat(aurelis("budgets", "show", id).err()).contains("No budget " + id);
    }

    @Test
    void takesListsAndVerifiesBackupsAndRestoresThroughTheServerStart() throws Exception {
        Run created = aurelis("backup", "create", "-o", "json");
        assertThat(created.exitCode()).as(created.err()).isZero();
        JsonNode backup = json(created.out());
        String id = backup.path("id").asString();
        assertThat(backup.path("rows").asLong()).isPositive();

        Run listed = aurelis("backup", "list");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.out()).contains(id).contains("manual");

        Run verified = aurelis("backup", "verify", id);
        assertThat(verified.exitCode()).as(verified.err()).isZero();
        assertThat(verified.out()).startsWith("Verified: Backup " + id);

        Run unknown = aurelis("backup", "verify", "20200101T000000Z-000000");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("No backup '20200101T000000Z-000000'");

        // restore hands the file to a server start; it never goes through the running server's API
        java.nio.file.Path file = java.nio.file.Files.createTempFile("aurelis-backup-", ".aurbak");
        java.util.List<String> started = new java.util.ArrayList<>();
        AurelisCommand root = new AurelisCommand(Map.of(), Clock.systemUTC(), started::addAll);
        int exit = AurelisCommand.commandLine(root).execute("backup", "restore", file.toString(), "--config", "a.yaml");
        assertThat(exit).isZero();
        assertThat(started).containsExactly("--aurelis.backup.restore-from=" + file.toAbsolutePath(), "--config=a.yaml");
    }

    @Test
    void reportsTheServersErrorMessage() {
        Run run = aurelis("keys", "revoke", "00000000-0000-0000-0000-000000000000");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("No key with id");
    }

    @Test
    void showsServerStatus() {
        Run run = aurelis("status");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("ready").contains("UP");
    }
}
