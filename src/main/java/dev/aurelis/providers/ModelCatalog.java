package dev.aurelis.providers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The models the organisation serves and every deployment of each (a name several providers serve has several).
 * Choosing among them, falling back and balancing belong to routing.
 */
@Component
public class ModelCatalog {

    private volatile Map<String, List<Deployment>> byName = Map.of();
    private volatile List<ProviderSettings> providers = List.of();

    public void configure(List<ProviderSettings> providers) {
        Map<String, List<Deployment>> next = new LinkedHashMap<>();
        for (ProviderSettings provider : providers) {
            for (ModelDeployment model : provider.models()) {
                next.computeIfAbsent(model.name(), name -> new ArrayList<>())
                        .add(new Deployment(model.name(), provider, model));
            }
        }
        next.replaceAll((name, deployments) -> List.copyOf(deployments));
        this.byName = next;
        this.providers = List.copyOf(providers);
    }

    /** The first declared deployment of {@code model}. */
    public Optional<Deployment> resolve(String model) {
        List<Deployment> deployments = model == null ? null : byName.get(model);
        return deployments == null ? Optional.empty() : Optional.of(deployments.getFirst());
    }

    /** Every deployment of {@code model}, in the order the providers are declared. */
    public List<Deployment> deploymentsOf(String model) {
        return model == null ? List.of() : byName.getOrDefault(model, List.of());
    }

    /** Every deployment, grouped by model name in the order names first appear. */
    public List<Deployment> deployments() {
        List<Deployment> all = new ArrayList<>();
        byName.values().forEach(all::addAll);
        return all;
    }

    /** The model names served, in the order they first appear. */
    public Set<String> modelNames() {
        return new LinkedHashSet<>(byName.keySet());
    }

    /** The configured provider named {@code name}, if any. */
    public Optional<ProviderSettings> provider(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The deployment of the model listed under {@code provider} by {@code name} or provider id, if any. */
    public Optional<Deployment> deployment(String provider, String model) {
        for (ProviderSettings settings : providers) {
            if (settings.name().equals(provider)) {
                for (ModelDeployment served : settings.models()) {
                    if (served.name().equals(model) || served.id().equals(model)) {
                        return Optional.of(new Deployment(served.name(), settings, served));
                    }
                }
            }
        }
        return Optional.empty();
    }
}
