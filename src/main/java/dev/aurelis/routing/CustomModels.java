package dev.aurelis.routing;

import dev.aurelis.providers.Deployment;
import dev.aurelis.providers.ModelCatalog;
import dev.aurelis.providers.ModelDeployment;
import dev.aurelis.providers.ProviderSettings;
import dev.aurelis.routing.custom.CustomModelStore;
import dev.aurelis.spend.Price;
import dev.aurelis.storage.DatabaseFailures;
import dev.aurelis.tenancy.TenantId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * An organisation's own models and model variants as the gateway reads them, from memory (ADR 0071). Each flag
 * ({@code advanced_features.organization_specific_models}, {@code advanced_features.model_customization}) is set by
 * the configuration; with a flag off nothing of its kind is served, and with both off every read returns at once
 * without touching the tenants held. A tenant's entries are read the first time one of its requests needs them,
 * again after each of its change events commits, and once a minute (changes made through another replica).
 */
@Component
public class CustomModels {

    private static final Logger log = LoggerFactory.getLogger(CustomModels.class);

    /** The prefix of an organisation model's catalogue name, which no configured model carries. */
    private static final String OWN = "org:";

    /** An organisation's model ready to route: the deployment the router plans with and the price it is charged at. */
    public record Own(OrganizationModel model, Deployment deployment, Price price) {
    }

    /** What one tenant has registered, with the deployments built from the providers configured now. */
    private record Registered(Map<String, Own> models, Map<String, ModelVariant> variants) {
    }

    private final CustomModelStore store;
    private final ModelCatalog catalog;
    private final Map<String, Registered> tenants = new ConcurrentHashMap<>();
    private final Map<String, Price> prices = new ConcurrentHashMap<>();
    private volatile boolean organizationModels;
    private volatile boolean variants;

    CustomModels(CustomModelStore store, ModelCatalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    /** Nothing registered and both flags off: for routers made without a database (unit tests). */
    static CustomModels none(ModelCatalog catalog) {
        return new CustomModels(null, catalog);
    }

    /**
     * Takes the configuration's flags; what is held is built again from the providers configured now.
     *
     * @param tenant the organisation this instance serves, whose entries are read at once (null: none)
     */
    public void enable(boolean organizationModels, boolean variants, TenantId tenant) {
        this.organizationModels = organizationModels;
        this.variants = variants;
        tenants.clear();
        prices.clear();
        if (tenant != null && (organizationModels || variants) && store != null) {
            try {
                registered(tenant.value());
            } catch (RuntimeException e) {
                if (!DatabaseFailures.unavailable(e)) {
                    throw e;
                }
                log.warn("Organisation models and variants not read yet: the database does not answer ({})",
                        DatabaseFailures.reason(e));
            }
        }
    }

    public boolean organizationModelsOn() {
        return organizationModels;
    }

    public boolean variantsOn() {
        return variants;
    }

    /** The tenant's variant named {@code name}, or null (also when model customisation is off). */
    public ModelVariant variant(String tenant, String name) {
        if (!variants || tenant == null || name == null) {
            return null;
        }
        return registered(tenant).variants().get(name);
    }

    /** The tenant's own model named {@code name}, or null (also when organisation models are off). */
    public Own own(String tenant, String name) {
        if (!organizationModels || tenant == null || name == null) {
            return null;
        }
        return registered(tenant).models().get(name);
    }

    /** The price of an organisation model's deployment, or null for every other deployment. */
    public Price priceOf(Deployment deployment) {
        if (prices.isEmpty() || !deployment.served().name().startsWith(OWN)) {
            return null;
        }
        return prices.get(deployment.served().name());
    }

    /** The tenant's own models the flag lets serve, in name order. */
    public List<Own> models(String tenant) {
        return organizationModels && tenant != null ? List.copyOf(registered(tenant).models().values()) : List.of();
    }

    /** The tenant's variants the flag lets serve, in name order. */
    public List<ModelVariant> variants(String tenant) {
        return variants && tenant != null ? List.copyOf(registered(tenant).variants().values()) : List.of();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void changed(CustomModelChanged event) {
        if (tenants.containsKey(event.tenantId())) {
            reload(event.tenantId());
        }
    }

    @Scheduled(initialDelayString = "${aurelis.models.refresh:60s}", fixedDelayString = "${aurelis.models.refresh:60s}")
    void refresh() {
        for (String tenant : List.copyOf(tenants.keySet())) {
            try {
                reload(tenant);
            } catch (RuntimeException e) {
                if (!DatabaseFailures.unavailable(e)) {
                    throw e;
                }
                log.warn("Models of tenant '{}' not refreshed: the database does not answer ({}); the ones in memory "
                        + "stay", tenant, DatabaseFailures.reason(e));
            }
        }
    }

    private Registered registered(String tenant) {
        if (store == null) {
            return new Registered(Map.of(), Map.of());
        }
        return tenants.computeIfAbsent(tenant, this::load);
    }

    /** Reads the tenant again; the prices of models it no longer has go once the new state is in place. */
    private void reload(String tenant) {
        Registered now = load(tenant);
        tenants.put(tenant, now);
        String prefix = OWN + tenant + ":";
        prices.keySet().removeIf(key -> key.startsWith(prefix)
                && !now.models().containsKey(key.substring(prefix.length())));
    }

    private Registered load(String tenant) {
        TenantId id = TenantId.of(tenant);
        Map<String, Own> models = new LinkedHashMap<>();
        for (OrganizationModel model : store.models(id)) {
            ProviderSettings provider = catalog.provider(model.provider()).orElse(null);
            if (provider == null) {
                log.warn("Organisation model '{}' of tenant '{}' names provider '{}', which is not configured: it is "
                        + "not served", model.name(), tenant, model.provider());
                continue;
            }
            String key = OWN + tenant + ":" + model.name();
            Deployment deployment = new Deployment(model.name(), provider,
                    new ModelDeployment(key, model.upstreamId(), model.contextWindow(), false));
            Price price = new Price(model.inputPrice(), model.outputPrice(), null, null);
            prices.put(key, price);
            models.put(model.name(), new Own(model, deployment, price));
        }
        Map<String, ModelVariant> variants = new LinkedHashMap<>();
        store.variants(id).forEach(v -> variants.put(v.name(), v));
        return new Registered(Collections.unmodifiableMap(models), Collections.unmodifiableMap(variants));
    }
}
