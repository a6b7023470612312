package dev.aurelis.workflows.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.testing.FakeGitHub;
import dev.aurelis.testing.RecordedRequest;
import dev.aurelis.workflows.WorkflowsTestBase;
import dev.aurelis.workflows.definitions.Severity;
import dev.aurelis.workflows.definitions.Trigger;
import dev.aurelis.workflows.definitions.Workflow;
import dev.aurelis.workflows.definitions.WorkflowCatalog;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A process that stops mid-run leaves the run open with some steps done; the process that takes it over runs only the
 * steps without an outcome and publishes the whole result.
 */
class RunResumeTests extends WorkflowsTestBase {

    private static final String HEAD = "5a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
    private static final String PATCH = "@@ -1,2 +1,3 @@\n class A {\n+  String key = \"AKIA0000\";\n }";

    @Autowired
    RunStore store;
    @Autowired
    RunRecovery recovery;
    @Autowired
    WorkflowCatalog catalog;

    @Test
    void aRestartedProcessResumesTheRunWithoutRepeatingFinishedSteps() {
        GITHUB.pullRequestFiles(REPOSITORY, 7, List.of(FakeGitHub.file("src/A.java", "modified", PATCH)));
        FAKE.reply("{\"findings\": []}").replyFor("gpt-4o-mini", "{\"summary\": \"Adds a key.\"}");
        Workflow workflow = catalog.workflow("enterprise_code_review").orElseThrow();
        UUID id = UUID.randomUUID();
        TenantContext.run(catalog.tenant(), () -> {
            store.insert(catalog.tenant().value(), id, new NewRun(workflow,
                    catalog.repository("github", REPOSITORY).orElseThrow(), 7L, null, HEAD, Trigger.PR_CREATED,
                    "Codertocat", "Add a key", null));
            // the first process ran the security scan and the quality check, then died
            store.start(id);
            store.completeStep(id, 0, new StepOutcome(List.of(new Finding("security_scan", "src/A.java", 2,
                    Severity.CRITICAL, "AWS key", "A cloud access key is committed.")), null, List.of("req_before_1"), null));
            store.completeStep(id, 1, new StepOutcome(List.of(), null, List.of("req_before_2"), null));
        });

        int resumed = recovery.resume(Duration.ZERO);

        assertThat(resumed).isEqualTo(1);
        JsonNode check = awaitCompletedCheck(HEAD);
        assertThat(check.path("conclusion").asString()).isEqualTo("failure");
        assertThat(FAKE.requests("/v1/chat/completions")).extracting(RecordedRequest::model)
                .containsExactlyInAnyOrder("cohere-command-r", "gpt-4o-mini");
        assertThat(GITHUB.issueComments().getFirst().path("body").asString()).contains("AWS key", "Adds a key.");
        assertThat(requestIdsOfRun(id.toString())).hasSize(4).contains("req_before_1", "req_before_2");
    }

    @Test
    void aRunWhoseProcessStillBeatsIsNotTakenOver() {
        Workflow workflow = catalog.workflow("enterprise_code_review").orElseThrow();
        UUID id = UUID.randomUUID();
        TenantContext.run(catalog.tenant(), () -> store.insert(catalog.tenant().value(), id, new NewRun(workflow,
                catalog.repository("github", REPOSITORY).orElseThrow(), 8L, null, HEAD, Trigger.PR_CREATED,
                "Codertocat", "Beating", null)));

        int resumed = recovery.resume(Duration.ofMinutes(5));
        boolean stillOpen = TenantContext.call(catalog.tenant(), () -> store.find(id).orElseThrow().status().equals("queued"));
        TenantContext.run(catalog.tenant(), () -> store.finish(id, "cancelled")); // nobody else takes it up later

        assertThat(resumed).isZero();
        assertThat(stillOpen).isTrue();
        assertThat(FAKE.requestCount()).isZero();
    }
}
