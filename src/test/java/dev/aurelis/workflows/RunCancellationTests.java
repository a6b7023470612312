package dev.aurelis.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aurelis.testing.FakeGitHub;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A newer push to a pull request cancels the run still reviewing the older head. */
class RunCancellationTests extends WorkflowsTestBase {

    private static final String BASE = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c";
    private static final String OLD_HEAD = "1111111111111111111111111111111111111111";
    private static final String NEW_HEAD = "2222222222222222222222222222222222222222";

    @Test
    void aNewerPushCancelsTheOlderRunBeforeItCallsAModel() throws InterruptedException {
        GITHUB.pullRequestFiles(REPOSITORY, 9, List.of(FakeGitHub.file("README.md", "modified", "@@ -1 +1 @@\n-a\n+b")));
        FAKE.reply("{\"findings\": []}").replyFor("gpt-4o-mini", "{\"summary\": \"Edits the readme.\"}");
        FakeGitHub.Gate olderFiles = GITHUB.holdNextFilesRequest();
        deliver("pull_request", GitHubPayloads.pullRequest("opened", REPOSITORY, 9, BASE, OLD_HEAD, "Codertocat", "Readme"));
        olderFiles.awaitArrival();

        deliver("pull_request", GitHubPayloads.pullRequest("synchronize", REPOSITORY, 9, BASE, NEW_HEAD, "Codertocat",
                "Readme"));
        JsonNode newer = awaitCompletedCheck(NEW_HEAD);
        olderFiles.release();
        JsonNode older = awaitCompletedCheck(OLD_HEAD);

        assertThat(newer.path("conclusion").asString()).isEqualTo("success");
        assertThat(older.path("conclusion").asString()).isEqualTo("cancelled");
        assertThat(FAKE.requestCount("/v1/chat/completions")).isEqualTo(4);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(GITHUB.issueComments()).hasSize(1));
        assertThat(GITHUB.issueComments().getFirst().path("body").asString()).contains("2222222");
    }
}
