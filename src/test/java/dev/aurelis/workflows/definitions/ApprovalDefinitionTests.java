package dev.aurelis.workflows.definitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurelis.configuration.ConfigurationLoader;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a workflow's approval step is read from the configuration, and the mistakes that stop Aurelis at start. */
class ApprovalDefinitionTests {

    private static WorkflowCatalog catalog(boolean approvalProcesses, String step) {
        String yaml = """
                organization: { name: "Approvals", id: "approvals", tenant_id: "approvals" }
                integrations:
                  workflows:
                    enabled: true
                    approval_processes: %s
                    definitions:
                      - name: release
                        steps:
                          - { name: scan, action: analyze_security, model: gpt-4o, blocking: true }
                          - %s
                """.formatted(approvalProcesses, step);
        return new WorkflowCatalog(ConfigurationLoader.load(yaml, Map.of()).config());
    }

    @Test
    void anApprovalStepNamesItsApproversHowManyAndHowLong() {
        Workflow release = catalog(true, "{ name: sign_off, action: approval, blocking: true, "
                + "approvers: [Lead@Example.com, \"role:reviewer\"], approvals: 2, timeout: 90m }").workflow("release")
                .orElseThrow();

        StepDefinition signOff = release.steps().get(1);
        assertThat(signOff.action()).isEqualTo(Action.APPROVAL);
        assertThat(signOff.model()).isNull();
        assertThat(signOff.approval().approvers()).containsExactly("lead@example.com", "role:reviewer");
        assertThat(signOff.approval().required()).isEqualTo(2);
        assertThat(signOff.approval().timeout()).isEqualTo(Duration.ofMinutes(90));
        assertThat(signOff.approval().names("LEAD@example.com", Set.of())).isTrue();
        assertThat(signOff.approval().names("someone@example.com", Set.of("reviewer"))).isTrue();
        assertThat(signOff.approval().names("someone@example.com", Set.of("developer"))).isFalse();
    }

    @Test
    void anApprovalWaitsADayUnlessTold() {
        StepDefinition signOff = catalog(true, "{ name: sign_off, action: approval, approvers: [lead@example.com] }")
                .workflow("release").orElseThrow().steps().get(1);

        assertThat(signOff.approval().timeout()).isEqualTo(Duration.ofHours(24));
        assertThat(signOff.approval().required()).isEqualTo(1);
    }

    @Test
    void approvalStepsNeedTheSettingThatAllowsThem() {
        assertThatThrownBy(() -> catalog(false, "{ name: sign_off, action: approval, approvers: [lead@example.com] }"))
                .hasMessage("integrations.workflows.definitions[0].steps[1]: approval steps need "
                        + "integrations.workflows.approval_processes: true");
    }

    @Test
    void mistakesInAnApprovalStepAreNamedWhereTheyAre() {
        assertThatThrownBy(() -> catalog(true, "{ name: sign_off, action: approval }"))
                .hasMessageContaining("steps[1].approvers: an approval step names who may approve");
        assertThatThrownBy(() -> catalog(true, "{ name: sign_off, action: approval, approvers: [a@example.com], "
                + "model: gpt-4o }")).hasMessageContaining("an approval step asks people, so it has no model");
        assertThatThrownBy(() -> catalog(true, "{ name: late, action: analyze_quality }"))
                .hasMessage("integrations.workflows.definitions[0].steps[1].model: must name the model");
        assertThatThrownBy(() -> catalog(true, "{ name: odd, action: analyze_quality, model: gpt-4o, "
                + "approvers: [a@example.com] }")).hasMessageContaining("belong to an approval step");
    }
}
