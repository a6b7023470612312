package dev.aurelis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.DefaultSpendTestBase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code aurelis report cost} against a running server: the same figures as the API, as a table or CSV. */
class ReportCommandTests extends DefaultSpendTestBase {

    @Test
    void reconcilesTheLedgerWithAProvidersReportAndSaysWhatDiffers() throws Exception {
        String key = newKey("cli-reconcile@spend.example", "engineering");
        FAKE.usage(10, 6).servedModel("gpt-4o-cli-reconcile");
        openAi("/v1/chat/completions", key, chat("gpt-4o", false, 6));
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        java.nio.file.Path export = java.nio.file.Files.createTempFile("usage-export", ".csv");
        java.nio.file.Files.writeString(export, "date,model,num_model_requests,input_tokens,output_tokens\n"
                + today + ",gpt-4o-cli-reconcile,1,10,7\n");

        StringWriter out = new StringWriter();
        CommandLine commandLine = AurelisCommand.commandLine(new AurelisCommand(Map.of("AURELIS_URL", baseUrl(),
                "AURELIS_ADMIN_KEY", ADMIN_KEY), Clock.systemUTC(), arguments -> {
                }));
        commandLine.setOut(new PrintWriter(out, true));
        int exit = commandLine.execute("report", "reconcile", "--provider", "openai", "--file", export.toString());

        assertThat(exit).as("differences exit non-zero").isEqualTo(3);
        assertThat(out.toString()).contains("gpt-4o-cli-reconcile", "DIFFERS", "PROVIDER OUTPUT").containsPattern("\\d+ lines? differs?\\.");
    }

    private String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AurelisCommand root = new AurelisCommand(Map.of("AURELIS_URL", baseUrl(), "AURELIS_ADMIN_KEY", ADMIN_KEY),
                Clock.systemUTC(), arguments -> {
                });
        CommandLine commandLine = AurelisCommand.commandLine(root);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        assertThat(exit).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void printsTheCostOfTheMonthByTeamWithItsProjection() {
        String key = newKey("cli-report@spend.example", "engineering");
        FAKE.usage(10, 6);
        openAi("/v1/chat/completions", key, chat("house-model", false, 6));

        String table = run("report", "cost", "--breakdown", "team");

        assertThat(table).contains("Cost of ", " by team (USD)", "TEAM", "PROJECTED", "engineering", "total");
    }

    @Test
    void printsCsvWithTheApisColumns() {
        String key = newKey("cli-csv@spend.example", "engineering");
        openAi("/v1/chat/completions", key, chat("gpt-4o-mini", false, 6));

        String csv = run("report", "cost", "--breakdown", "model", "--csv");

        assertThat(csv.lines().findFirst()).contains("model,requests,input_tokens,output_tokens,cost,share,projected_cost,unpriced_requests,unpriced_tokens,currency");
        assertThat(csv).contains("\ngpt-4o-mini,", "\n(total),");
    }
}
