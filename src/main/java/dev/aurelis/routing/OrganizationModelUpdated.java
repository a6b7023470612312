package dev.aurelis.routing;

import java.math.BigDecimal;
import java.util.List;

/** An organisation changed one of its own models. */
public record OrganizationModelUpdated(String tenantId, String name, String provider, String upstreamId, BigDecimal inputPrice,
        BigDecimal outputPrice, Integer contextWindow, List<String> teams, String actor) implements CustomModelChanged {

    public static OrganizationModelUpdated of(String tenantId, OrganizationModel m, String actor) {
        return new OrganizationModelUpdated(tenantId, m.name(), m.provider(), m.upstreamId(), m.inputPrice(), m.outputPrice(),
                m.contextWindow(), m.teams(), actor);
    }
}
