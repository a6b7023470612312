package dev.aurelis.privacy.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Vault Transit and AWS KMS key managers against fakes that speak their documented APIs: Vault's
 * {@code /v1/transit/encrypt|decrypt/<key>}, {@code keys/<key>} and {@code keys/<key>/rotate} with
 * {@code X-Vault-Token}; KMS's JSON protocol ({@code X-Amz-Target: TrentService.Encrypt|Decrypt|RotateKeyOnDemand})
 * with a Signature Version 4 the fake checks. Data keys wrapped before a rotation still unwrap after it.
 */
class RemoteKeyManagerTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final List<HttpServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    @Test
    void vaultTransitWrapsUnwrapsAndRotates() {
        FakeVault vault = new FakeVault();
        URI address = serve(vault::handle);
        VaultTransit manager = new VaultTransit(address, "s.test-token", null, "transit", "aurelis");
        byte[] dataKey = Aes.newKey();

        assertThat(manager.currentKeyId()).isEqualTo("vault:aurelis:v1");
        KeyManager.WrappedKey first = manager.wrap(dataKey);
        assertThat(first.kekId()).isEqualTo("vault:aurelis:v1");
        assertThat(new String(first.blob(), StandardCharsets.US_ASCII)).startsWith("vault:v1:");
        assertThat(manager.unwrap(first)).isEqualTo(dataKey);

        assertThat(manager.rotate()).isEqualTo("vault:aurelis:v2");
        KeyManager.WrappedKey second = manager.wrap(dataKey);
        assertThat(new String(second.blob(), StandardCharsets.US_ASCII)).startsWith("vault:v2:");
        assertThat(manager.unwrap(first)).as("wrapped before the rotation").isEqualTo(dataKey);
        assertThat(manager.unwrap(second)).isEqualTo(dataKey);
        assertThat(vault.paths).contains("GET /v1/transit/keys/aurelis", "POST /v1/transit/keys/aurelis/rotate");
    }

    @Test
    void vaultRefusalsAreReportedWithoutTheToken() {
        URI address = serve(new FakeVault()::handle);
        VaultTransit manager = new VaultTransit(address, "s.wrong-token", null, "transit", "aurelis");

        assertThatThrownBy(() -> manager.wrap(Aes.newKey())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("403").hasMessageContaining("permission denied")
                .hasMessageNotContaining("s.wrong-token");
    }

    @Test
    void awsKmsWrapsUnwrapsAndRotatesWithSignedRequests() {
        FakeKms kms = new FakeKms("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        URI endpoint = serve(kms::handle);
        AwsKms manager = new AwsKms(endpoint, "eu-west-1", "alias/aurelis", "AKIDEXAMPLE",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null, Clock.systemUTC());
        byte[] dataKey = Aes.newKey();

        KeyManager.WrappedKey first = manager.wrap(dataKey);
        assertThat(first.kekId()).isEqualTo("aws_kms:alias/aurelis");
        assertThat(manager.unwrap(first)).isEqualTo(dataKey);
        String rotated = manager.rotate();
        assertThat(rotated).startsWith("aws_kms:alias/aurelis@");
        KeyManager.WrappedKey second = manager.wrap(dataKey);
        assertThat(second.kekId()).isEqualTo(rotated);
        assertThat(manager.unwrap(first)).isEqualTo(dataKey);
        assertThat(manager.unwrap(second)).isEqualTo(dataKey);
        assertThat(kms.targets).containsExactly("TrentService.Encrypt", "TrentService.Decrypt",
                "TrentService.RotateKeyOnDemand", "TrentService.Encrypt", "TrentService.Decrypt", "TrentService.Decrypt");
    }

    @Test
    void awsKmsRefusesAWrongSecretAndTheErrorDoesNotEchoIt() {
        URI endpoint = serve(new FakeKms("AKIDEXAMPLE", "the-right-secret")::handle);
        AwsKms manager = new AwsKms(endpoint, "eu-west-1", "alias/aurelis", "AKIDEXAMPLE", "a-wrong-secret", null,
                Clock.systemUTC());

        assertThatThrownBy(() -> manager.wrap(Aes.newKey())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("InvalidSignatureException").hasMessageNotContaining("a-wrong-secret");
    }

    @Test
    void keyManagementPicksTheManagerAndKeysWrappedByAnotherStillUnwrap() throws IOException {
        URI address = serve(new FakeVault()::handle);
        java.nio.file.Path keyring = java.nio.file.Files.createTempDirectory("keyring").resolve("keyring");
        dev.aurelis.privacy.DataProtectionSettings settings = new dev.aurelis.privacy.DataProtectionSettings();
        ConfiguredKeyManager manager = new ConfiguredKeyManager(settings, () -> new LocalKeyring(keyring),
                () -> new VaultTransit(address, "s.test-token", null, "transit", "aurelis"),
                () -> {
                    throw new AssertionError("KMS is not configured");
                });
        byte[] dataKey = Aes.newKey();

        assertThat(manager.name()).isEqualTo("local");
        KeyManager.WrappedKey local = manager.wrap(dataKey);
        assertThat(local.kekId()).isEqualTo("local:1");

        settings.configure(new dev.aurelis.privacy.DataProtectionSettings.Policy(false, null, false, "vault", null));
        assertThat(manager.name()).isEqualTo("vault");
        assertThat(manager.currentKeyId()).isEqualTo("vault:aurelis:v1");
        KeyManager.WrappedKey remote = manager.wrap(dataKey);
        assertThat(remote.kekId()).isEqualTo("vault:aurelis:v1");
        assertThat(manager.unwrap(local)).as("wrapped by the keyring before the switch").isEqualTo(dataKey);
        assertThat(manager.unwrap(remote)).isEqualTo(dataKey);
    }

    @Test
    void theSigningKeyIsDerivedAsAwsDocumentsIt() {
        // the worked example of AWS's Signature Version 4 documentation (IAM, us-east-1, 2015-08-30)
        assertThat(SigV4.hex(SigV4.signingKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam")))
                .isEqualTo("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
    }

    private URI serve(Handler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                try (exchange) {
                    handler.handle(exchange);
                }
            });
            server.start();
            servers.add(server);
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
        if (status != 204) {
            exchange.getResponseBody().write(bytes);
        }
    }

    /** Vault's Transit engine with one key: versions of AES-256-GCM, ciphertexts {@code vault:v<n>:<base64>}. */
    static final class FakeVault {
        final List<SecretKey> versions = new ArrayList<>(List.of(Aes.key(Aes.newKey())));
        final List<String> paths = new ArrayList<>();

        void handle(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getPath();
            paths.add(exchange.getRequestMethod() + " " + path);
            if (!"s.test-token".equals(exchange.getRequestHeaders().getFirst("X-Vault-Token"))) {
                answer(exchange, 403, "{\"errors\":[\"permission denied\"]}");
                return;
            }
            byte[] aad = "fake-vault".getBytes(StandardCharsets.US_ASCII);
            JsonNode body = exchange.getRequestMethod().equals("POST")
                    ? JSON.readTree(exchange.getRequestBody().readAllBytes()) : null;
            switch (path) {
                case "/v1/transit/keys/aurelis" -> answer(exchange, 200,
                        "{\"data\":{\"name\":\"aurelis\",\"type\":\"aes256-gcm96\",\"latest_version\":" + versions.size() + "}}");
                case "/v1/transit/keys/aurelis/rotate" -> {
                    versions.add(Aes.key(Aes.newKey()));
                    answer(exchange, 204, "");
                }
                case "/v1/transit/encrypt/aurelis" -> {
                    byte[] plain = Base64.getDecoder().decode(body.path("plaintext").asString());
                    int v = versions.size();
                    String ct = "vault:v" + v + ":" + Base64.getEncoder().encodeToString(Aes.encrypt(versions.get(v - 1), plain, aad));
                    answer(exchange, 200, "{\"data\":{\"ciphertext\":\"" + ct + "\",\"key_version\":" + v + "}}");
                }
                case "/v1/transit/decrypt/aurelis" -> {
                    String[] parts = body.path("ciphertext").asString().split(":", 3);
                    int v = Integer.parseInt(parts[1].substring(1));
                    byte[] plain = Aes.decrypt(versions.get(v - 1), Base64.getDecoder().decode(parts[2]), aad);
                    answer(exchange, 200, "{\"data\":{\"plaintext\":\"" + Base64.getEncoder().encodeToString(plain) + "\"}}");
                }
                default -> answer(exchange, 404, "{\"errors\":[]}");
            }
        }
    }

    /** KMS's JSON protocol for one symmetric key; every request's Signature Version 4 is recomputed and checked. */
    static final class FakeKms {
        final String accessKeyId;
        final String secret;
        final List<SecretKey> material = new ArrayList<>(List.of(Aes.key(Aes.newKey())));
        final List<String> targets = new ArrayList<>();

        FakeKms(String accessKeyId, String secret) {
            this.accessKeyId = accessKeyId;
            this.secret = secret;
        }

        void handle(HttpExchange exchange) throws IOException {
            byte[] payload = exchange.getRequestBody().readAllBytes();
            if (!signatureValid(exchange, payload)) {
                answer(exchange, 400, "{\"__type\":\"InvalidSignatureException\",\"message\":\"The request signature "
                        + "we calculated does not match the signature you provided.\"}");
                return;
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            targets.add(target);
            JsonNode body = JSON.readTree(payload);
            byte[] aad = "fake-kms".getBytes(StandardCharsets.US_ASCII);
            String arn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
            switch (target) {
                case "TrentService.Encrypt" -> {
                    int v = material.size();
                    byte[] ct = Aes.encrypt(material.get(v - 1), Base64.getDecoder().decode(body.path("Plaintext").asString()), aad);
                    byte[] blob = new byte[ct.length + 1];
                    blob[0] = (byte) v;
                    System.arraycopy(ct, 0, blob, 1, ct.length);
                    answer(exchange, 200, "{\"CiphertextBlob\":\"" + Base64.getEncoder().encodeToString(blob)
                            + "\",\"KeyId\":\"" + arn + "\",\"EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}");
                }
                case "TrentService.Decrypt" -> {
                    byte[] blob = Base64.getDecoder().decode(body.path("CiphertextBlob").asString());
                    byte[] plain = Aes.decrypt(material.get(blob[0] - 1), java.util.Arrays.copyOfRange(blob, 1, blob.length), aad);
                    answer(exchange, 200, "{\"Plaintext\":\"" + Base64.getEncoder().encodeToString(plain)
                            + "\",\"KeyId\":\"" + arn + "\",\"EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}");
                }
                case "TrentService.RotateKeyOnDemand" -> {
                    material.add(Aes.key(Aes.newKey()));
                    answer(exchange, 200, "{\"KeyId\":\"" + arn + "\"}");
                }
                default -> answer(exchange, 400, "{\"__type\":\"UnknownOperationException\"}");
            }
        }

        /** Recomputes the signature from what arrived: the signed headers as received, the payload's hash. */
        private boolean signatureValid(HttpExchange exchange, byte[] payload) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
                return false;
            }
            Map<String, String> parts = new TreeMap<>();
            for (String part : authorization.substring("AWS4-HMAC-SHA256 ".length()).split(", ")) {
                int eq = part.indexOf('=');
                parts.put(part.substring(0, eq), part.substring(eq + 1));
            }
            String[] credential = parts.get("Credential").split("/");
            if (!credential[0].equals(accessKeyId) || !credential[3].equals("kms")) {
                return false;
            }
            StringBuilder canonical = new StringBuilder("POST\n/\n\n");
            for (String name : parts.get("SignedHeaders").split(";")) {
                canonical.append(name).append(':').append(exchange.getRequestHeaders().getFirst(name).strip()).append('\n');
            }
            canonical.append('\n').append(parts.get("SignedHeaders")).append('\n').append(SigV4.hex(SigV4.sha256(payload)));
            String scope = credential[1] + "/" + credential[2] + "/" + credential[3] + "/" + credential[4];
            String toSign = "AWS4-HMAC-SHA256\n" + exchange.getRequestHeaders().getFirst("X-Amz-Date") + "\n" + scope + "\n"
                    + SigV4.hex(SigV4.sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
            String expected = SigV4.hex(SigV4.hmac(SigV4.signingKey(secret, credential[1], credential[2], credential[3]), toSign));
            return expected.equals(parts.get("Signature"));
        }
    }
}
