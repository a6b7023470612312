package dev.aurelis.routing;

import java.math.BigDecimal;
import java.util.List;

/** An organisation registered a model of its own. */
public record OrganizationModelRegistered(String tenantId, String name, String provider, String upstreamId, BigDecimal inputPrice,
        BigDecimal outputPrice, Integer contextWindow, List<String> teams, String actor) implements CustomModelChanged {

    public static OrganizationModelRegistered of(String tenantId, OrganizationModel m, String actor) {
        return new OrganizationModelRegistered(tenantId, m.name(), m.provider(), m.upstreamId(), m.inputPrice(), m.outputPrice(),
                m.contextWindow(), m.teams(), actor);
    }
}
