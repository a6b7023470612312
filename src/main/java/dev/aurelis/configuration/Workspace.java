package dev.aurelis.configuration;

import jakarta.validation.constraints.NotBlank;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.List;
import java.util.Map;

/**
 * One entry of {@code workspaces:}, keyed by the workspace's name: a team's shared space.
 *
 * @param members     who belongs to it
 * @param permissions area (chat, github, a2a...) to access, e.g. {@code read_write}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Workspace(List<@NotBlank(message = "must name a member") String> members, Map<String, String> permissions,
        Settings settings) {

    public Workspace {
        members = Defaults.list(members);
        permissions = Defaults.strings(permissions);
    }

    public static Workspace defaults() {
        return new Workspace(null, null, null);
    }

    /** @param defaultProvider the provider the workspace's sessions use unless they name one */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Settings(String defaultProvider, boolean codeReviewRequired) {
    }
}
