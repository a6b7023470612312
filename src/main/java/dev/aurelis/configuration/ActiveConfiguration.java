package dev.aurelis.configuration;

import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The configuration this process runs with: the file named by {@code AURELIS_CONFIG} / {@code --config}, or
 * the defaults when none is named. An invalid file stops start-up with its YAML path and the reason; unknown
 * keys, unset variables and keys accepted but not yet enforced give one warning each that lists them all.
 */
@Component
public class ActiveConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ActiveConfiguration.class);

    private final LoadedConfiguration loaded;
    private final Path source;

    ActiveConfiguration(@Value("${aurelis.config:}") String file) {
        if (file == null || file.isBlank()) {
            this.source = null;
            this.loaded = LoadedConfiguration.defaults();
            log.info("No configuration file named (AURELIS_CONFIG or --config); running on defaults");
        } else {
            this.source = Path.of(file).toAbsolutePath().normalize();
            if (!Files.isRegularFile(source)) {
                throw new InvalidConfigurationException(source.toString(),
                        java.util.List.of(new ConfigurationProblem("", "the file does not exist or is not a regular file", 0)));
            }
            this.loaded = ConfigurationLoader.load(source, System.getenv());
            log.info("Configuration loaded from {}", source);
        }
        if (!loaded.unknownKeys().isEmpty()) {
            log.warn("Unknown configuration keys were ignored: {}", String.join(", ", loaded.unknownKeys()));
        }
        if (!loaded.unresolvedVariables().isEmpty()) {
            log.warn("Environment variables referenced by the configuration are not set (their values are empty): {}",
                    String.join(", ", loaded.unresolvedVariables()));
        }
        if (!loaded.notYetEnforced().isEmpty()) {
            log.warn("{} (see GET /api/v1/configuration/status and docs/configuration.md)",
                    loaded.notYetEnforcedSentence());
        }
    }

    public AurelisConfig config() {
        return loaded.config();
    }

    public LoadedConfiguration loaded() {
        return loaded;
    }

    /** What the file leaves to the operator's attention, as logged at start. */
    public ConfigurationStatus status() {
        return ConfigurationStatus.of(source, loaded);
    }

    /** The file, or null when running on defaults. */
    public Path source() {
        return source;
    }
}
