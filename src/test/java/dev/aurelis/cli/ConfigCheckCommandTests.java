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

/** {@code aurelis config check}: validates a file without a server, and says what it accepts without enforcing. */
class ConfigCheckCommandTests {

    record Run(int exitCode, String out, String err) {
    }

    @TempDir
    Path directory;

    @Test
    void acceptsAValidFileWhoseKeysAllAct() throws IOException {
        Path file = write("""
                organization: { name: Acme, id: acme }
                security: { data_residency: EU, pii_detection: true }
                analytics: { metrics: { developer_satisfaction: { survey_integration: true } } }
                """);

        Run run = run(Map.of(), "config", "check", file.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains(file + ": valid (environment development)").doesNotContain("not yet enforced");
    }

    @Test
    void printsTheSameFieldsAsTheStatusApiInJson() throws IOException {
        Path file = write("""
                github_token: "${TOKEN}"
                analytics: { metrics: { developer_satisfaction: { survey_integration: true } } }
                models: { colour: blue }
                """);

        Run run = run(Map.of(), "config", "check", file.toString(), "--output", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode status = AurelisCommand.JSON.readTree(run.out());
        assertThat(status.get("file").asString()).isEqualTo("aurelis.yaml");
        assertThat(status.get("not_yet_enforced").isEmpty()).isTrue(); // every key of the schema acts

        assertThat(status.get("unknown_keys").get(0).asString()).isEqualTo("models.colour");
        assertThat(status.get("unresolved_variables").get(0).asString()).isEqualTo("TOKEN");
    }

    @Test
    void readsVariablesFromTheEnvironmentAndChecksTheNamedEnvironment() throws IOException {
        Path file = write("""
                github_token: "${TOKEN}"
                environments:
                  staging: { models: { primary: gpt-4o } }
                """);

        Run run = run(Map.of("TOKEN", "ghp_1"), "config", "check", file.toString(), "--environment", "staging");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("valid (environment staging)").doesNotContain("TOKEN");
    }

    @Test
    void exitsOneWithEveryProblemAndItsLineForAnInvalidFile() throws IOException {
        Path file = write("""
                models:
                  timeout: soon
                cost_management:
                  budgets: { teams: { web: { monthly_limit: -5 } } }
                """);

        Run run = run(Map.of(), "config", "check", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("aurelis.yaml:2: models.timeout: 'soon' is not a whole number");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void exitsOneForAFileThatDoesNotExist() {
        Run run = run(Map.of(), "config", "check", directory.resolve("missing.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("missing.yaml: the file does not exist");
    }

    @Test
    void exitsTwoWithoutAFile() {
        assertThat(run(Map.of(), "config", "check").exitCode()).isEqualTo(2);
    }

    @Test
    void strictExitsThreeOnWarningsAndZeroWithout() throws IOException {
        Path warned = write("models: { colour: blue }\n"); // an unknown key is a warning
        Path clean = Files.writeString(directory.resolve("clean.yaml"), "organization: { id: acme }\n");

        assertThat(run(Map.of(), "config", "check", "--strict", warned.toString()).exitCode())
                .isEqualTo(ConfigCommand.EXIT_WARNINGS);
        assertThat(run(Map.of(), "config", "check", "--strict", clean.toString()).exitCode()).isZero();
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(directory.resolve("aurelis.yaml"), yaml);
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
