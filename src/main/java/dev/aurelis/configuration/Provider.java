package dev.aurelis.configuration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of {@code providers:}: an upstream endpoint and the models it serves.
 *
 * @param baseUrl           null means the type's default ({@link ProviderType#defaultBaseUrl()})
 * @param apiKey            null for keyless servers; a {@code github} provider without one uses the top-level
 *                          {@code github_token} (see {@link AurelisConfig#apiKeyOf(Provider)})
 * @param apiVersion        sent where the type needs one (Azure OpenAI's {@code api-version})
 * @param region            where the provider processes data, for data-residency routing
 * @param onPremise         true when prompts never leave the organisation's network
 * @param headers           extra headers sent upstream with every request
 * @param timeout           seconds; null means {@code models.timeout}
 * @param supportsResponses null means the type's default ({@link ProviderType#supportsResponsesByDefault()})
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Provider(
        @NotBlank(message = "must name the provider") String name,
        @NotNull(message = "must state the provider type") ProviderType type,
        URI baseUrl,
        String apiKey,
        String apiVersion,
        String region,
        boolean onPremise,
        Map<String, String> headers,
        @Positive(message = "must be at least 1 second") Integer timeout,
        Boolean supportsResponses,
        @NotEmpty(message = "must list at least one model")
        List<@NotNull(message = "must not be empty") @Valid ProviderModel> models) {

    public Provider {
        apiKey = Defaults.blankToNull(apiKey);
        headers = Defaults.strings(headers);
        models = Defaults.list(models);
    }

    /** The URL requests go to; empty only for a type that requires {@code base_url} and has none (rejected on load). */
    public Optional<URI> effectiveBaseUrl() {
        return baseUrl != null ? Optional.of(baseUrl) : type.defaultBaseUrl();
    }

    public boolean effectiveSupportsResponses() {
        return supportsResponses != null ? supportsResponses : type.supportsResponsesByDefault();
    }

    public Optional<Duration> timeoutDuration() {
        return Optional.ofNullable(timeout).map(Duration::ofSeconds);
    }

    /** The model clients ask for under {@code name}, if this provider serves it. */
    public Optional<ProviderModel> model(String name) {
        return models.stream().filter(model -> model != null && model.name().equals(name)).findFirst();
    }
}
