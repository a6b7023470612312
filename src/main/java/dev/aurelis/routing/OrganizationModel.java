package dev.aurelis.routing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A model an organisation registered itself ({@code advanced_features.organization_specific_models}): served under
 * {@code name} to that organisation only, by the configured provider {@code provider} under the upstream id
 * {@code upstreamId} (an OpenAI fine-tune, a dedicated deployment), priced per million tokens.
 *
 * @param teams the teams that may use it; empty: the whole organisation
 */
public record OrganizationModel(String name, String provider, String upstreamId, BigDecimal inputPrice,
        BigDecimal outputPrice, Integer contextWindow, List<String> teams, String createdBy, Instant createdAt,
        Instant updatedAt) {

    public OrganizationModel {
        teams = teams == null ? List.of() : List.copyOf(teams);
    }

    /** Whether a caller of {@code team} may use it. */
    public boolean admits(String team) {
        return teams.isEmpty() || (team != null && teams.contains(team));
    }
}
