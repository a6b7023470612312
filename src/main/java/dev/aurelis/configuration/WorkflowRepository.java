package dev.aurelis.configuration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One entry of {@code integrations.workflows.repositories:}: a repository whose pull requests are reviewed, and
 * whom the reviews' model calls are attributed to.
 *
 * @param name              {@code owner/name} on GitHub, the project's path ({@code group/project}) on GitLab
 * @param provider          {@code github} (default) or {@code gitlab}
 * @param team              the team whose budget and ledger the reviews' model calls count against
 * @param project           the project they are attributed to; null for none
 * @param workflows         the workflows that run for it; left out, every defined workflow
 * @param maxConcurrentRuns runs at once for the repository (default 2); a newer push cancels an older run of the
 *                          same pull request in any case
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WorkflowRepository(
        @NotBlank(message = "must name the repository") String name,
        @Pattern(regexp = "github|gitlab", message = "must be github or gitlab") String provider,
        @NotBlank(message = "must name the team the reviews are attributed to") String team,
        String project,
        List<String> workflows,
        @Positive(message = "must be at least 1") Integer maxConcurrentRuns) {

    public WorkflowRepository {
        provider = Defaults.orElse(Defaults.blankToNull(provider), "github");
        project = Defaults.blankToNull(project);
        workflows = Defaults.list(workflows);
        maxConcurrentRuns = Defaults.orElse(maxConcurrentRuns, 2);
    }
}
