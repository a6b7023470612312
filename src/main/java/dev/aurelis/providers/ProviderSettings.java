package dev.aurelis.providers;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One upstream provider as Aurelis calls it. {@code apiVersion} is set only for Azure OpenAI's deployment-style
 * API, whose URLs name the deployment instead of carrying the model in the body.
 */
public record ProviderSettings(String name, String type, WireFormat wireFormat, URI baseUrl, String apiKey,
        AuthStyle authStyle, String apiVersion, Map<String, String> headers, boolean supportsResponses,
        String region, boolean onPremise, Duration timeout, List<ModelDeployment> models) {

    public ProviderSettings {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        models = List.copyOf(models);
    }

    @Override
    public String toString() {
        // never print the key
        return "ProviderSettings[" + name + " " + type + " " + baseUrl + "]";
    }
}
