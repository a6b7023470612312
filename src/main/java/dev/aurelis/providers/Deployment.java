package dev.aurelis.providers;

/** Where a requested model is served: the provider and the model id to send it. */
public record Deployment(String model, ProviderSettings provider, ModelDeployment served) {

    public String providerModelId() {
        return served.id();
    }

    public WireFormat wireFormat() {
        return provider.wireFormat();
    }
}
