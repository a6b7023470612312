package dev.aurelis.routing.custom;

import dev.aurelis.providers.ModelCatalog;
import dev.aurelis.routing.CustomModels;
import dev.aurelis.routing.ModelVariant;
import dev.aurelis.routing.ModelVariantCreated;
import dev.aurelis.routing.ModelVariantRemoved;
import dev.aurelis.routing.ModelVariantUpdated;
import dev.aurelis.routing.OrganizationModel;
import dev.aurelis.routing.OrganizationModelRegistered;
import dev.aurelis.routing.OrganizationModelRemoved;
import dev.aurelis.routing.OrganizationModelUpdated;
import dev.aurelis.routing.Router;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.TenantId;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registers, changes and removes an organisation's own models and model variants (ADR 0071), each change with its
 * past-tense event (audited; the gateway's copy in memory is read again). With its flag off an operation answers
 * as if the endpoint did not exist ({@link NoSuchElementException}, naming the key); bad input is refused with
 * {@link IllegalArgumentException}.
 */
@Service
class CustomModelAdmin {

    static final String MODELS_KEY = "advanced_features.organization_specific_models";
    static final String VARIANTS_KEY = "advanced_features.model_customization";

    /** Names as clients send them: a fine-tune's id may carry colons, a vendor prefix a slash. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");
    private static final int MAX_PROMPT = 32 * 1024;
    private static final int MAX_ID = 256;
    private static final BigDecimal MAX_PRICE = new BigDecimal("1000000");

    /** What a request gives; null fields are left out (on a change, they keep their value). */
    record ModelDraft(String name, String provider, String upstreamId, BigDecimal inputPrice, BigDecimal outputPrice,
            Integer contextWindow, List<String> teams) {
    }

    record VariantDraft(String name, String baseModel, String systemPrompt, Double temperature, Integer maxTokens,
            Double topP) {
    }

    private final CustomModelStore store;
    private final CustomModels custom;
    private final ModelCatalog catalog;
    private final Router router;
    private final Organizations organizations;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CustomModelAdmin(CustomModelStore store, CustomModels custom, ModelCatalog catalog, Router router,
            Organizations organizations, ApplicationEventPublisher events, Optional<Clock> clock) {
        this.store = store;
        this.custom = custom;
        this.catalog = catalog;
        this.router = router;
        this.organizations = organizations;
        this.events = events;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    // ------------------------------------------------------------------ organisation models

    List<OrganizationModel> models(TenantId tenant) {
        requireModels();
        return store.models(tenant);
    }

    OrganizationModel model(TenantId tenant, String name) {
        requireModels();
        return store.model(tenant, name).orElseThrow(() -> unknownModel(name));
    }

    @Transactional
    OrganizationModel register(TenantId tenant, ModelDraft draft, String actor) {
        requireModels();
        String name = name(draft.name());
        if (store.model(tenant, name).isPresent()) {
            throw new IllegalArgumentException("The organisation already has a model '" + name + "'; change it with "
                    + "PUT /api/v1/models/organization/" + name + ".");
        }
        notTaken(tenant, name, true);
        Instant now = clock.instant();
        OrganizationModel model = validated(tenant, new OrganizationModel(name, draft.provider(), draft.upstreamId(),
                draft.inputPrice(), draft.outputPrice(), draft.contextWindow(), teams(draft.teams()), actor, now, now));
        store.insert(tenant, model);
        events.publishEvent(OrganizationModelRegistered.of(tenant.value(), model, actor));
        return model;
    }

    @Transactional
    OrganizationModel update(TenantId tenant, String name, ModelDraft draft, String actor) {
        OrganizationModel current = model(tenant, name);
        if (draft.name() != null && !draft.name().equals(name)) {
            throw new IllegalArgumentException("A model keeps its name; 'name' may only repeat '" + name + "'.");
        }
        OrganizationModel changed = validated(tenant, new OrganizationModel(name,
                or(draft.provider(), current.provider()), or(draft.upstreamId(), current.upstreamId()),
                or(draft.inputPrice(), current.inputPrice()), or(draft.outputPrice(), current.outputPrice()),
                or(draft.contextWindow(), current.contextWindow()), or(teams(draft.teams()), current.teams()),
                current.createdBy(), current.createdAt(), clock.instant()));
        store.update(tenant, changed);
        events.publishEvent(OrganizationModelUpdated.of(tenant.value(), changed, actor));
        return changed;
    }

    @Transactional
    void remove(TenantId tenant, String name, String actor) {
        model(tenant, name);
        List<String> dependents = store.variants(tenant).stream().filter(v -> v.baseModel().equals(name))
                .map(ModelVariant::name).toList();
        if (!dependents.isEmpty()) {
            throw new IllegalArgumentException("The variants " + String.join(", ", dependents) + " are based on '" + name
                    + "'; remove them or give them another base model first.");
        }
        store.deleteModel(tenant, name);
        events.publishEvent(new OrganizationModelRemoved(tenant.value(), name, actor));
    }

    private OrganizationModel validated(TenantId tenant, OrganizationModel m) {
        if (m.provider() == null || catalog.provider(m.provider()).isEmpty()) {
            throw new IllegalArgumentException("'provider' must name a configured provider (" + String.join(", ",
                    catalog.deployments().stream().map(d -> d.provider().name()).distinct().toList()) + "), not '"
                    + m.provider() + "'.");
        }
        if (m.upstreamId() == null || m.upstreamId().isBlank() || m.upstreamId().length() > MAX_ID
                || m.upstreamId().chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("'upstream_id' is the provider's id of the model (for example "
                    + "ft:gpt-4o-mini-2024-07-18:acme::abc123): required, without spaces, at most " + MAX_ID + " characters.");
        }
        price("input_price", m.inputPrice());
        price("output_price", m.outputPrice());
        if (m.contextWindow() != null && m.contextWindow() <= 0) {
            throw new IllegalArgumentException("'context_window' is a number of tokens above 0.");
        }
        for (String team : m.teams()) {
            if (organizations.team(tenant, team).isEmpty()) {
                throw new IllegalArgumentException("'teams' names '" + team + "', which is not a team of the organisation.");
            }
        }
        return new OrganizationModel(m.name(), m.provider(), m.upstreamId().strip(), m.inputPrice(), m.outputPrice(),
                m.contextWindow(), List.copyOf(new LinkedHashSet<>(m.teams())), m.createdBy(), m.createdAt(), m.updatedAt());
    }

    private static List<String> teams(List<String> teams) {
        if (teams != null && teams.stream().anyMatch(team -> team == null || team.isBlank())) {
            throw new IllegalArgumentException("'teams' lists team names; an entry is empty.");
        }
        return teams;
    }

    private static void price(String field, BigDecimal price) {
        if (price == null || price.signum() < 0 || price.compareTo(MAX_PRICE) >= 0) {
            throw new IllegalArgumentException("'" + field + "' is required: the price per million tokens, 0 or more, "
                    + "so that usage of the model is metered and budgeted.");
        }
    }

    // ------------------------------------------------------------------ variants

    List<ModelVariant> variants(TenantId tenant) {
        requireVariants();
        return store.variants(tenant);
    }

    ModelVariant variant(TenantId tenant, String name) {
        requireVariants();
        return store.variant(tenant, name).orElseThrow(() -> new NoSuchElementException(
                "The organisation has no model variant '" + name + "'."));
    }

    @Transactional
    ModelVariant create(TenantId tenant, VariantDraft draft, String actor) {
        requireVariants();
        String name = name(draft.name());
        if (store.variant(tenant, name).isPresent()) {
            throw new IllegalArgumentException("The organisation already has a variant '" + name + "'; change it with "
                    + "PUT /api/v1/models/variants/" + name + ".");
        }
        notTaken(tenant, name, false);
        Instant now = clock.instant();
        ModelVariant variant = validated(tenant, new ModelVariant(name, draft.baseModel(), draft.systemPrompt(),
                draft.temperature(), draft.maxTokens(), draft.topP(), actor, now, now));
        store.insert(tenant, variant);
        events.publishEvent(ModelVariantCreated.of(tenant.value(), variant, actor));
        return variant;
    }

    /** Replaces the variant's base model, prompt and parameters with the draft's (a field left out is cleared). */
    @Transactional
    ModelVariant update(TenantId tenant, String name, VariantDraft draft, String actor) {
        ModelVariant current = variant(tenant, name);
        if (draft.name() != null && !draft.name().equals(name)) {
            throw new IllegalArgumentException("A variant keeps its name; 'name' may only repeat '" + name + "'.");
        }
        ModelVariant changed = validated(tenant, new ModelVariant(name, or(draft.baseModel(), current.baseModel()),
                draft.systemPrompt(), draft.temperature(), draft.maxTokens(), draft.topP(), current.createdBy(),
                current.createdAt(), clock.instant()));
        store.update(tenant, changed);
        events.publishEvent(ModelVariantUpdated.of(tenant.value(), changed, actor));
        return changed;
    }

    @Transactional
    void removeVariant(TenantId tenant, String name, String actor) {
        variant(tenant, name);
        store.deleteVariant(tenant, name);
        events.publishEvent(new ModelVariantRemoved(tenant.value(), name, actor));
    }

    private ModelVariant validated(TenantId tenant, ModelVariant v) {
        String base = v.baseModel();
        boolean served = base != null && (served(base) || store.model(tenant, base).isPresent());
        if (!served) {
            throw new IllegalArgumentException("'base_model' must name a model served here or one of the organisation's "
                    + "own models, not '" + base + "'. GET /v1/models lists them.");
        }
        if (v.systemPrompt() != null && v.systemPrompt().length() > MAX_PROMPT) {
            throw new IllegalArgumentException("'system_prompt' is at most " + MAX_PROMPT + " characters.");
        }
        if (v.temperature() != null && (v.temperature() < 0 || v.temperature() > 2)) {
            throw new IllegalArgumentException("'temperature' is between 0 and 2.");
        }
        if (v.topP() != null && (v.topP() <= 0 || v.topP() > 1)) {
            throw new IllegalArgumentException("'top_p' is above 0 and at most 1.");
        }
        if (v.maxTokens() != null && v.maxTokens() <= 0) {
            throw new IllegalArgumentException("'max_tokens' is a number of tokens above 0.");
        }
        String prompt = v.systemPrompt() == null || v.systemPrompt().isBlank() ? null : v.systemPrompt();
        return new ModelVariant(v.name(), base, prompt, v.temperature(), v.maxTokens(), v.topP(), v.createdBy(),
                v.createdAt(), v.updatedAt());
    }

    // ------------------------------------------------------------------ shared

    /** A new name may not hide a configured model, alias or the auto model, nor the other kind of the same tenant. */
    private void notTaken(TenantId tenant, String name, boolean forModel) {
        if (served(name)) {
            throw new IllegalArgumentException("'" + name + "' is a model the configuration serves; choose another name.");
        }
        if (forModel ? store.variant(tenant, name).isPresent() : store.model(tenant, name).isPresent()) {
            throw new IllegalArgumentException("'" + name + "' already names one of the organisation's "
                    + (forModel ? "model variants" : "own models") + "; choose another name.");
        }
    }

    private boolean served(String name) {
        return name.equalsIgnoreCase(router.settings().autoModel())
                || router.modelNames().stream().anyMatch(m -> m.name().equals(name));
    }

    private static String name(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'name' is required: 1 to 128 letters, digits and . _ : @ -, starting "
                    + "with a letter or digit (the name clients ask for).");
        }
        return name;
    }

    private void requireModels() {
        if (!custom.organizationModelsOn()) {
            throw new NoSuchElementException("Organisation models are turned off: set " + MODELS_KEY + ": true.");
        }
    }

    private void requireVariants() {
        if (!custom.variantsOn()) {
            throw new NoSuchElementException("Model variants are turned off: set " + VARIANTS_KEY + ": true.");
        }
    }

    private static NoSuchElementException unknownModel(String name) {
        return new NoSuchElementException("The organisation has no model '" + name + "'.");
    }

    private static <T> T or(T given, T current) {
        return given != null ? given : current;
    }
}
