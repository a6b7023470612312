package dev.aurelis.privacy.encryption;

import dev.aurelis.privacy.DataProtectionSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The key managers a deployment can use; {@code security.encryption.at_rest.key_management} picks one. Where to
 * reach them and how to authenticate are deployment settings, never in the configuration file:
 * {@code aurelis.privacy.keyring} (local), {@code aurelis.privacy.vault.*} and {@code aurelis.privacy.kms.*}
 * (credentials from {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY} / {@code AWS_SESSION_TOKEN}).
 */
@Configuration
class KeyManagers {

    @Bean
    KeyManager keyManager(DataProtectionSettings settings, Optional<Clock> clock,
            @Value("${aurelis.privacy.keyring:}") String keyring, @Value("${aurelis.data-dir}") String dataDir,
            @Value("${aurelis.privacy.vault.address:${VAULT_ADDR:http://127.0.0.1:8200}}") String vaultAddress,
            @Value("${aurelis.privacy.vault.token:${VAULT_TOKEN:}}") String vaultToken,
            @Value("${aurelis.privacy.vault.namespace:${VAULT_NAMESPACE:}}") String vaultNamespace,
            @Value("${aurelis.privacy.vault.mount:transit}") String vaultMount,
            @Value("${aurelis.privacy.vault.key:aurelis}") String vaultKey,
            @Value("${aurelis.privacy.kms.region:${AWS_REGION:us-east-1}}") String kmsRegion,
            @Value("${aurelis.privacy.kms.key-id:}") String kmsKeyId,
            @Value("${aurelis.privacy.kms.endpoint:}") String kmsEndpoint,
            @Value("${AWS_ACCESS_KEY_ID:}") String accessKeyId,
            @Value("${AWS_SECRET_ACCESS_KEY:}") String secretAccessKey,
            @Value("${AWS_SESSION_TOKEN:}") String sessionToken) {
        Clock time = clock.orElse(Clock.systemUTC());
        return new ConfiguredKeyManager(settings,
                () -> new LocalKeyring(keyring.isBlank() ? Path.of(dataDir).resolve("keyring") : Path.of(keyring)),
                () -> new VaultTransit(URI.create(vaultAddress), vaultToken, vaultNamespace, vaultMount, vaultKey),
                () -> new AwsKms(kmsEndpoint.isBlank() ? null : URI.create(kmsEndpoint), kmsRegion, kmsKeyId,
                        accessKeyId, secretAccessKey, sessionToken, time));
    }
}
