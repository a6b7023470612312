package dev.aurelis.privacy.encryption;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The key manager of the deployment: the local keyring unless another is configured. */
@Configuration
class KeyManagers {

    @Bean
    KeyManager keyManager(@Value("${aurelis.privacy.keyring:}") String keyring,
            @Value("${aurelis.data-dir}") String dataDir) {
        return new LocalKeyring(keyring.isBlank() ? Path.of(dataDir).resolve("keyring") : Path.of(keyring));
    }
}
