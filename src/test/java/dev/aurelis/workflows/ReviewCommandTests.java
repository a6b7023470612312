package dev.aurelis.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.cli.AurelisCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./aurelis review} fails a pipeline on a blocking finding, lets it through otherwise, and exits 3 while an
 * approval waits; {@code ./aurelis workflows approve} decides it.
 */
class ReviewCommandTests extends WorkflowsTestBase {

    @TempDir
    Path directory;

    @Test
    void exitsOneOnABlockingFinding() throws IOException {
        FAKE.reply("{\"findings\": []}").replyFor("gpt-4o-mini", "{\"summary\": \"Adds a password.\"}")
                .replyFor("gpt-4o", "{\"findings\": [{\"file\": \"src/app/Login.java\", \"line\": 2, "
                        + "\"severity\": \"high\", \"title\": \"Committed password\", \"message\": \"Remove it.\"}]}");
        StringWriter out = new StringWriter();

        int exit = review(out, "--ci", "jenkins");

        assertThat(exit).as(out.toString()).isEqualTo(1);
        assertThat(out.toString()).contains("security_scan", "src/app/Login.java:2 high", "Committed password",
                "Blocked");
    }

    @Test
    void exitsZeroWhenNothingBlocks() throws IOException {
        FAKE.reply("{\"findings\": []}").replyFor("codestral-2501", "{\"findings\": [{\"file\": \"src/app/Login.java\", "
                + "\"line\": 2, \"severity\": \"high\", \"message\": \"Not blocking: a quality note.\"}]}")
                .replyFor("gpt-4o-mini", "{\"summary\": \"Adds a password.\"}");
        StringWriter out = new StringWriter();

        int exit = review(out, "--ci", "gitlab_ci");

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("Passed", "Not blocking: a quality note.");
    }

    @Test
    void exitsTwoWhenNoReviewCanBeMade() throws IOException {
        StringWriter out = new StringWriter();

        int exit = review(out, "--ci", "azure_devops"); // switched off in integrations.cicd

        assertThat(exit).isEqualTo(2);
    }

    @Test
    void exitsThreeWhileAnApprovalWaitsAndAnApproverDecidesFromTheCommandLine() throws IOException {
        FAKE.reply("{\"findings\": []}");
        StringWriter out = new StringWriter();

        int exit = reviewOf("Codertocat/gated", out, "--ci", "jenkins");

        assertThat(exit).as(out.toString()).isEqualTo(3);
        assertThat(out.toString()).contains("Waiting for approval: lead_sign_off needs 1 (has 0) from",
                "aurelis workflows approve ");
        String run = out.toString().replaceAll("(?s).*aurelis workflows approve (\\S+).*", "$1");
        String lead = json(admin("POST", "/api/v1/keys", "{\"user\":\"lead@example.com\",\"team\":\"payments\"}")
                .body()).path("key").asString();

        StringWriter decided = new StringWriter();
        int approved = AurelisCommand.run(new String[] {"workflows", "approve", run, "--url", baseUrl(), "--admin-key",
                lead, "--comment", "Ship it."}, new PrintWriter(decided, true), new PrintWriter(decided, true));

        assertThat(approved).as(decided.toString()).isZero();
        assertThat(decided.toString()).contains("You approved 'lead_sign_off'; the step is decided");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            StringWriter status = new StringWriter();
            AurelisCommand.run(new String[] {"workflows", "status", run, "--url", baseUrl(), "--admin-key", lead},
                    new PrintWriter(status, true), new PrintWriter(status, true));
            return status.toString().contains("gated_release on Codertocat/gated: completed (success)");
        });
    }

    private int review(StringWriter out, String... more) throws IOException {
        return reviewOf(REPOSITORY, out, more);
    }

    private int reviewOf(String repository, StringWriter out, String... more) throws IOException {
        Path diff = directory.resolve("change.diff");
        Files.writeString(diff, CiReviewTests.DIFF);
        String[] base = {"review", "--url", baseUrl(), "--admin-key", ADMIN_KEY, "--repo", repository, "--base", "83db48f",
                "--head", "bf269f4", "--diff", diff.toString()};
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(more))
                .toArray(String[]::new);
        return AurelisCommand.run(args, new PrintWriter(out, true), new PrintWriter(out, true));
    }
}
