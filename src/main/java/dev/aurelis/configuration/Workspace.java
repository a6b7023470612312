package dev.aurelis.configuration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.List;
import java.util.Map;

/**
 * One entry of {@code workspaces:}, keyed by the workspace's name: a team's shared space (docs/workspaces.md).
 * Applied at start like the rest of the file: the same file applied twice changes nothing.
 *
 * @param members      who belongs to it (role {@code member}): e-mail addresses, or user names that match the local
 *                     part of a caller's address
 * @param owners       members with role {@code owner}: every area read and write, and the workspace instructions
 * @param viewers      members with role {@code viewer}: the workspace's permissions capped at read
 * @param permissions  area ({@code chat}, {@code github}, {@code a2a}) to {@code none}, {@code read} or
 *                     {@code read_write}: what a member may do there
 * @param description  a line saying what the workspace is for
 * @param instructions the workspace instructions, added to its members' requests (the file's text wins over one
 *                     set through the API, at each start)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Workspace(List<@NotBlank(message = "must name a member") String> members,
        List<@NotBlank(message = "must name a member") String> owners,
        List<@NotBlank(message = "must name a member") String> viewers,
        Map<String, String> permissions, @Valid Settings settings, String description, String instructions) {

    public Workspace {
        members = Defaults.list(members);
        owners = Defaults.list(owners);
        viewers = Defaults.list(viewers);
        permissions = Defaults.strings(permissions);
        settings = Defaults.orElse(settings, Settings.defaults());
    }

    public static Workspace defaults() {
        return new Workspace(null, null, null, null, null, null, null);
    }

    /**
     * @param defaultProvider    among the deployments that may serve a member's request naming the workspace, this
     *                           provider's are tried first
     * @param defaultModel       the model that serves such a request when it asks for the auto model
     * @param project            the project such a request is attributed to when neither key nor request names one
     * @param codeReviewRequired the workspace's context tells the assistant that changes need a code review
     * @param contextTokens      the most tokens the workspace's context may add to a request (default 2000)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Settings(String defaultProvider, String defaultModel, String project, boolean codeReviewRequired,
            Integer contextTokens) {

        public static Settings defaults() {
            return new Settings(null, null, null, false, null);
        }
    }
}
