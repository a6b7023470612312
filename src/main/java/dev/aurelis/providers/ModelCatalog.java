package dev.aurelis.providers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The models the organisation serves and where each is served. When several providers serve the same name,
 * the first declared wins (fallback and load balancing across them belong to routing).
 */
@Component
public class ModelCatalog {

    private volatile Map<String, Deployment> byName = Map.of();
    private volatile List<ProviderSettings> providers = List.of();

    public void configure(List<ProviderSettings> providers) {
        Map<String, Deployment> next = new LinkedHashMap<>();
        for (ProviderSettings provider : providers) {
            for (ModelDeployment model : provider.models()) {
                next.putIfAbsent(model.name(), new Deployment(model.name(), provider, model));
            }
        }
        this.byName = next;
        this.providers = List.copyOf(providers);
    }

    public Optional<Deployment> resolve(String model) {
        return model == null ? Optional.empty() : Optional.ofNullable(byName.get(model));
    }

    public List<Deployment> deployments() {
        return new ArrayList<>(byName.values());
    }

    public List<ProviderSettings> providers() {
        return providers;
    }
}
