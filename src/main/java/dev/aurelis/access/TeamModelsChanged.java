package dev.aurelis.access;

import java.util.List;

/** Published after a team's model allow-list changed through the API (empty: every model). */
public record TeamModelsChanged(String tenantId, String team, List<String> models, String actor)
        implements AccessChanged {
}
