package dev.aurelis.workflows.definitions;

import dev.aurelis.configuration.WorkflowDefinition;
import java.util.List;

/** The product brief's code-review workflow, used when the configuration defines none. */
final class BriefWorkflow {

    private BriefWorkflow() {
    }

    static WorkflowDefinition definition() {
        return new WorkflowDefinition("enterprise_code_review", List.of("pr_created", "commit_pushed"), List.of(
                step("security_scan", "analyze_security", "gpt-4o", true),
                step("quality_check", "analyze_quality", "codestral-2501", false),
                step("documentation_check", "verify_documentation", "cohere-command-r", false),
                step("generate_summary", "create_pr_summary", "gpt-4o-mini", false)),
                new WorkflowDefinition.Notifications(true, true, true), null, null, null);
    }

    private static WorkflowDefinition.Step step(String name, String action, String model, boolean blocking) {
        return new WorkflowDefinition.Step(name, action, model, blocking, null, null, null, null, null);
    }
}
