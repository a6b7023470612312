package dev.aurelis.configuration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One entry of {@code integrations.workflows.definitions:}, in the brief's shape: a name, the triggers it runs on,
 * its steps and who is told of the result.
 *
 * @param triggers      {@code pr_created} (a pull request opened, reopened or made ready for review) and
 *                      {@code commit_pushed} (new commits on a pull request, or a push to a branch)
 * @param notifications the channels told of each finished run
 * @param project       the project its model calls are attributed to, instead of the repository's
 * @param conditions    which changes it reviews; left out, every change
 * @param budget        what its model calls may cost per calendar month, in the pricing currency; once the month's
 *                      spend reaches it, its model steps fail instead of calling; left out, no limit of its own
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WorkflowDefinition(
        @NotBlank(message = "must name the workflow") String name,
        List<@Pattern(regexp = "pr_created|commit_pushed", message = "must be pr_created or commit_pushed") String> triggers,
        @NotEmpty(message = "must list at least one step") List<@NotNull(message = "must not be empty") @Valid Step> steps,
        Notifications notifications,
        String project,
        @Valid Conditions conditions,
        @jakarta.validation.constraints.Positive(message = "must be more than 0 (a monthly limit in the pricing currency)")
        @jakarta.validation.constraints.Digits(integer = 12, fraction = 6,
                message = "must have at most 12 digits before the decimal point and 6 after it")
        java.math.BigDecimal budget) {

    public WorkflowDefinition {
        triggers = Defaults.list(triggers);
        steps = Defaults.list(steps);
        notifications = Defaults.orElse(notifications, new Notifications(false, false, false));
        project = Defaults.blankToNull(project);
        conditions = Defaults.orElse(conditions, new Conditions(null, null, null, null));
    }

    /**
     * Which changes a workflow reviews; every condition given must hold. A change it does not review gets a
     * {@code skipped} check and costs no model call.
     *
     * @param paths           globs ({@code src/**}, {@code **&#47;*.sql}); at least one changed file must match
     * @param labels          at least one of the pull (merge) request's labels must be among them
     * @param authors         the author's login must be among them
     * @param maxChangedLines changes with more added and removed lines are not reviewed
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Conditions(List<String> paths, List<String> labels, List<String> authors,
            @jakarta.validation.constraints.Positive(message = "must be at least 1") Integer maxChangedLines) {

        public Conditions {
            paths = Defaults.list(paths);
            labels = Defaults.list(labels);
            authors = Defaults.list(authors);
        }
    }

    /**
     * One step: an action run by a model, or an {@code approval} that waits for people to approve.
     *
     * @param action    {@code analyze_security}, {@code analyze_quality}, {@code verify_documentation},
     *                  {@code create_pr_summary}, {@code custom} (with {@code prompt}) or {@code approval} (with
     *                  {@code approvers}; needs {@code approval_processes: true})
     * @param model     the model a model step uses; an approval step has none
     * @param blocking  whether a finding at or above {@code threshold} fails the run (and so the check run); for an
     *                  approval, whether a rejection or no decision in time fails it
     * @param threshold the least severity that blocks: {@code critical}, {@code high} (default), {@code medium},
     *                  {@code low}
     * @param prompt    a custom step's instructions; the diff and the pull request's details are appended
     * @param approvers who may approve: e-mail addresses and {@code role:NAME} for everyone holding a role
     * @param approvals how many of them must approve (default 1)
     * @param timeout   how long an approval waits for its decision, e.g. {@code 24h} (default); then it fails
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Step(
            @NotBlank(message = "must name the step") String name,
            @NotBlank(message = "must name the action") String action,
            String model,
            boolean blocking,
            @Pattern(regexp = "critical|high|medium|low", message = "must be critical, high, medium or low") String threshold,
            String prompt,
            List<@NotBlank(message = "must name an approver (an e-mail address or role:NAME)") String> approvers,
            @jakarta.validation.constraints.Positive(message = "must be at least 1") Integer approvals,
            @tools.jackson.databind.annotation.JsonDeserialize(using = HumanDurationDeserializer.class)
            java.time.Duration timeout) {

        public Step {
            model = Defaults.blankToNull(model);
            threshold = Defaults.orElse(Defaults.blankToNull(threshold), "high");
            prompt = Defaults.blankToNull(prompt);
            approvers = Defaults.list(approvers);
        }
    }

    /** Who is told of a finished run, through the alerting channels. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Notifications(boolean slack, boolean email, boolean teams) {
    }
}
