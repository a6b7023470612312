package dev.aurelis.privacy.encryption;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * AWS KMS as key manager, over its JSON API signed with Signature Version 4: data keys are wrapped with
 * {@code TrentService.Encrypt} and unwrapped with {@code TrentService.Decrypt} (the ciphertext names the key and its
 * version, so KMS's own rotations need nothing from us); a rotation asks KMS for {@code RotateKeyOnDemand}. The KEK
 * id records the key and the rotation this process saw, so the re-wrap moves data keys under the newest material.
 */
final class AwsKms implements KeyManager {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI endpoint;
    private final String region;
    private final String keyId;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;
    private final Clock clock;
    private final HttpClient http;
    private volatile String generation = "";

    AwsKms(URI endpoint, String region, String keyId, String accessKeyId, String secretAccessKey, String sessionToken,
            Clock clock) {
        if (keyId == null || keyId.isBlank() || accessKeyId == null || accessKeyId.isBlank()
                || secretAccessKey == null || secretAccessKey.isBlank()) {
            throw new IllegalStateException("AWS KMS needs aurelis.privacy.kms.key-id and credentials "
                    + "(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)");
        }
        this.endpoint = endpoint != null ? endpoint : URI.create("https://kms." + region + ".amazonaws.com/");
        this.region = region;
        this.keyId = keyId;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.sessionToken = sessionToken;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public String name() {
        return "aws_kms";
    }

    @Override
    public String currentKeyId() {
        return "aws_kms:" + keyId + generation;
    }

    @Override
    public WrappedKey wrap(byte[] dataKey) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("KeyId", keyId);
        body.put("Plaintext", Base64.getEncoder().encodeToString(dataKey));
        JsonNode answer = call("Encrypt", body);
        return new WrappedKey(currentKeyId(), Base64.getDecoder().decode(answer.path("CiphertextBlob").asString()));
    }

    @Override
    public byte[] unwrap(WrappedKey wrapped) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("CiphertextBlob", Base64.getEncoder().encodeToString(wrapped.blob()));
        body.put("KeyId", keyId);
        return Base64.getDecoder().decode(call("Decrypt", body).path("Plaintext").asString());
    }

    @Override
    public String rotate() {
        call("RotateKeyOnDemand", Map.of("KeyId", keyId));
        generation = "@" + clock.instant().getEpochSecond();
        return currentKeyId();
    }

    private JsonNode call(String action, Map<String, ?> body) {
        byte[] payload = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("content-type", "application/x-amz-json-1.1",
                "x-amz-target", "TrentService." + action);
        String host = endpoint.getPort() < 0 ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
        Map<String, String> signed = SigV4.sign("POST", host, "/", headers, payload, region, "kms", accessKeyId,
                secretAccessKey, sessionToken, clock.instant());
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve("/")).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        signed.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                // KMS answers {"__type": "...Exception", "message": "..."}: safe to show, it never echoes key material
                throw new IllegalStateException("AWS KMS answered " + response.statusCode() + " to " + action + ": "
                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("AWS KMS at " + endpoint + " could not be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling AWS KMS", e);
        }
    }

    @Override
    public String toString() {
        return "AwsKms[" + region + " " + keyId + "]";
    }
}
