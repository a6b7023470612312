package dev.aurelis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code aurelis config diff --environment A B}: what two environments of one file run with differently. */
class ConfigDiffCommandTests {

    record Run(int exitCode, String out, String err) {
    }

    /** The brief's multi-environment example, with a top-level value each environment inherits. */
    private static final String BRIEF = """
            environment: production
            models: { primary: gpt-4o, timeout: 60 }
            high_availability: { replicas: 2, backup_strategy: automated }
            environments:
              staging:
                github_token: "${STAGING_GITHUB_TOKEN}"
                models: { primary: "gpt-4o", fallback: "gpt-4o-mini" }
                cost_limits: { daily: 500, monthly: 5000 }
              production:
                github_token: "${PROD_GITHUB_TOKEN}"
                models: { primary: "codestral-2501", fallback: "gpt-4o" }
                cost_limits: { daily: 2000, monthly: 50000 }
                high_availability: { enabled: true, replicas: 5, auto_scaling: true }
                disaster_recovery: { enabled: true, backup_frequency: "4h", rto_minutes: 15, rpo_minutes: 5 }
            """;

    @TempDir
    Path directory;

    @Test
    void listsEverySettingTheTwoEnvironmentsRunWithDifferently() throws IOException {
        Path file = Files.writeString(directory.resolve("aurelis.yaml"), BRIEF);
        Map<String, String> secrets = Map.of("STAGING_GITHUB_TOKEN", "ghp_staging_secret_value",
                "PROD_GITHUB_TOKEN", "ghp_production_secret_value");

        Run run = run(secrets, "config", "diff", file.toString(), "--environment", "staging", "production", "-o", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode differences = AurelisCommand.JSON.readTree(run.out()).path("differences");
        Map<String, String[]> bySetting = new java.util.TreeMap<>();
        differences.forEach(d -> bySetting.put(d.path("setting").asString(),
                new String[] {d.path("staging").asString(null), d.path("production").asString(null)}));
        assertThat(bySetting).containsOnlyKeys("models.primary", "models.fallback", "github_token",
                "cost_management.budgets.organization.daily_limit", "cost_management.budgets.organization.monthly_limit",
                "high_availability.enabled", "high_availability.replicas", "high_availability.auto_scaling",
                "high_availability.disaster_recovery", "high_availability.backup_frequency",
                "high_availability.rto_minutes", "high_availability.rpo_minutes");
        assertThat(bySetting.get("models.primary")).containsExactly("gpt-4o", "codestral-2501");
        assertThat(bySetting.get("high_availability.replicas")).as("staging inherits the file's 2").containsExactly("2", "5");
        assertThat(bySetting.get("cost_management.budgets.organization.monthly_limit")).containsExactly("5000", "50000");
        assertThat(bySetting.get("high_availability.rpo_minutes")).containsExactly(null, "5");
        assertThat(bySetting.get("github_token")[0]).startsWith("(secret, sha256:").isNotEqualTo(bySetting.get("github_token")[1]);
        assertThat(run.out()).doesNotContain("ghp_staging_secret_value").doesNotContain("ghp_production_secret_value");
    }

    @Test
    void printsATableAndSaysWhenNothingDiffers() throws IOException {
        Path file = Files.writeString(directory.resolve("aurelis.yaml"), BRIEF);

        Run table = run(Map.of("AURELIS_CONFIG", file.toString()), "config", "diff", "--environment", "staging", "production");
        Run same = run(Map.of(), "config", "diff", file.toString(), "--environment", "staging", "staging");

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains("SETTING").contains("STAGING").contains("PRODUCTION")
                .containsPattern("models\\.primary\\s+gpt-4o\\s+codestral-2501");
        assertThat(same.out()).contains("Environments staging and staging run with the same settings.");
    }

    @Test
    void refusesAnEnvironmentTheFileDoesNotDeclare() throws IOException {
        Path file = Files.writeString(directory.resolve("aurelis.yaml"), BRIEF);

        Run run = run(Map.of(), "config", "diff", file.toString(), "--environment", "staging", "prod");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("declares no environment 'prod'").contains("staging, production");
    }

    private static Run run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = AurelisCommand.commandLine(new AurelisCommand(environment, Clock.systemUTC(), null));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
