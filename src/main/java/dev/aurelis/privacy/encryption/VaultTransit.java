package dev.aurelis.privacy.encryption;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HashiCorp Vault's Transit secrets engine as key manager: data keys are wrapped by {@code POST
 * /v1/<mount>/encrypt/<key>} and unwrapped by {@code /decrypt/<key>}; the KEK never leaves Vault. Its versions are
 * Vault's ({@code vault:v3:…} ciphertexts), rotation is {@code POST /v1/<mount>/keys/<key>/rotate}. Authenticates
 * with {@code X-Vault-Token} (and {@code X-Vault-Namespace} when set).
 */
final class VaultTransit implements KeyManager {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI address;
    private final String token;
    private final String namespace;
    private final String mount;
    private final String key;
    private final HttpClient http;
    private volatile int version;

    VaultTransit(URI address, String token, String namespace, String mount, String key) {
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("Vault Transit needs a token: set aurelis.privacy.vault.token (AURELIS_PRIVACY_VAULT_TOKEN)");
        }
        this.address = address;
        this.token = token;
        this.namespace = namespace;
        this.mount = mount == null || mount.isBlank() ? "transit" : mount;
        this.key = key;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public String name() {
        return "vault";
    }

    @Override
    public String currentKeyId() {
        if (version == 0) {
            version = call("GET", "keys/" + key, null).path("data").path("latest_version").asInt();
        }
        return "vault:" + key + ":v" + version;
    }

    @Override
    public WrappedKey wrap(byte[] dataKey) {
        JsonNode data = call("POST", "encrypt/" + key,
                Map.of("plaintext", Base64.getEncoder().encodeToString(dataKey))).path("data");
        String ciphertext = data.path("ciphertext").asString();
        int used = data.has("key_version") ? data.path("key_version").asInt() : versionOf(ciphertext);
        return new WrappedKey("vault:" + key + ":v" + used, ciphertext.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public byte[] unwrap(WrappedKey wrapped) {
        JsonNode data = call("POST", "decrypt/" + key,
                Map.of("ciphertext", new String(wrapped.blob(), StandardCharsets.US_ASCII))).path("data");
        return Base64.getDecoder().decode(data.path("plaintext").asString());
    }

    @Override
    public String rotate() {
        call("POST", "keys/" + key + "/rotate", Map.of());
        version = 0;
        return currentKeyId();
    }

    private static int versionOf(String ciphertext) {
        // vault:v<version>:<base64>
        String[] parts = ciphertext.split(":", 3);
        return Integer.parseInt(parts[1].substring(1));
    }

    private JsonNode call(String method, String path, Map<String, ?> body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(address.resolve("/v1/" + mount + "/" + path))
                .timeout(Duration.ofSeconds(10)).header("X-Vault-Token", token);
        if (namespace != null && !namespace.isBlank()) {
            request.header("X-Vault-Namespace", namespace);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                // Vault's errors name the problem ("permission denied", "encryption key not found"), never the key
                throw new IllegalStateException("Vault Transit answered " + response.statusCode() + " to " + method
                        + " " + path + ": " + response.body());
            }
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Vault Transit at " + address + " could not be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling Vault Transit", e);
        }
    }

    @Override
    public String toString() {
        return "VaultTransit[" + address + " " + mount + "/" + key + "]";
    }
}
