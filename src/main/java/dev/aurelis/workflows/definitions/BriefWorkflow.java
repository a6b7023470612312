package dev.aurelis.workflows.definitions;

import dev.aurelis.configuration.WorkflowDefinition;
import java.util.List;

/** The product brief's code-review workflow, used when the configuration defines none. */
final class BriefWorkflow {

    private BriefWorkflow() {
    }

    static WorkflowDefinition definition() {
        return new WorkflowDefinition("enterprise_code_review", List.of("pr_created", "commit_pushed"), List.of(
                new WorkflowDefinition.Step("security_scan", "analyze_security", "gpt-4o", true, null, null),
                new WorkflowDefinition.Step("quality_check", "analyze_quality", "codestral-2501", false, null, null),
                new WorkflowDefinition.Step("documentation_check", "verify_documentation", "cohere-command-r", false,
                        null, null),
                new WorkflowDefinition.Step("generate_summary", "create_pr_summary", "gpt-4o-mini", false, null, null)),
                new WorkflowDefinition.Notifications(true, true, true), null, null);
    }
}
