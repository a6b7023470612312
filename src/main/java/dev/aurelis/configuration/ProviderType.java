package dev.aurelis.configuration;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.net.URI;
import java.util.Optional;

/** The kinds of upstream provider Aurelis can call, as written in {@code providers[].type}. */
public enum ProviderType {
    @JsonProperty("openai") OPENAI("openai", Protocol.OPENAI, "https://api.openai.com/v1", true),
    @JsonProperty("github") GITHUB("github", Protocol.OPENAI, "https://models.github.ai/inference", false),
    @JsonProperty("azure_openai") AZURE_OPENAI("azure_openai", Protocol.OPENAI, null, true),
    @JsonProperty("mistral") MISTRAL("mistral", Protocol.OPENAI, "https://api.mistral.ai/v1", false),
    @JsonProperty("ollama") OLLAMA("ollama", Protocol.OPENAI, "http://localhost:11434/v1", false),
    @JsonProperty("vllm") VLLM("vllm", Protocol.OPENAI, "http://localhost:8000/v1", false),
    @JsonProperty("lmstudio") LMSTUDIO("lmstudio", Protocol.OPENAI, "http://localhost:1234/v1", false),
    @JsonProperty("openai_compatible") OPENAI_COMPATIBLE("openai_compatible", Protocol.OPENAI, null, false),
    @JsonProperty("anthropic") ANTHROPIC("anthropic", Protocol.ANTHROPIC, "https://api.anthropic.com", false);

    /** The wire format a provider type speaks upstream. */
    public enum Protocol {
        /** OpenAI chat completions (and, where supported, responses and embeddings). */
        OPENAI,
        /** Anthropic messages. */
        ANTHROPIC
    }

    private final String configName;
    private final Protocol protocol;
    private final URI defaultBaseUrl;
    private final boolean supportsResponsesByDefault;

    ProviderType(String configName, Protocol protocol, String defaultBaseUrl, boolean supportsResponsesByDefault) {
        this.configName = configName;
        this.protocol = protocol;
        this.defaultBaseUrl = defaultBaseUrl == null ? null : URI.create(defaultBaseUrl);
        this.supportsResponsesByDefault = supportsResponsesByDefault;
    }

    /** The name used in the configuration file, e.g. {@code azure_openai}. */
    public String configName() {
        return configName;
    }

    public Protocol protocol() {
        return protocol;
    }

    public boolean speaksOpenAi() {
        return protocol == Protocol.OPENAI;
    }

    public boolean speaksAnthropic() {
        return protocol == Protocol.ANTHROPIC;
    }

    /** Empty for types whose endpoint differs per deployment ({@link #requiresBaseUrl()}). */
    public Optional<URI> defaultBaseUrl() {
        return Optional.ofNullable(defaultBaseUrl);
    }

    public boolean requiresBaseUrl() {
        return defaultBaseUrl == null;
    }

    /**
     * Whether {@code POST /v1/responses} can be forwarded as is when {@code supports_responses} is not stated.
     * Only OpenAI's own API and Azure OpenAI are assumed to; local servers vary by version, so they must opt in.
     */
    public boolean supportsResponsesByDefault() {
        return supportsResponsesByDefault;
    }

    @Override
    public String toString() {
        return configName;
    }
}
