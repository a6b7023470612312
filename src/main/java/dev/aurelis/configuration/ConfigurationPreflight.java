package dev.aurelis.configuration;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks the configuration file before any bean exists, so that an invalid file stops start-up at once with its
 * problems instead of after the embedded database has started. {@link ActiveConfiguration} loads it again for use.
 * The listener's TLS is set here too ({@link ListenerTls}), since the web server reads it before any bean exists.
 */
@ConfigurationBinding
class ConfigurationPreflight implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String file = environment.getProperty("aurelis.config");
        if (file == null || file.isBlank()) {
            ListenerTls.configure(environment, AurelisConfig.defaults(), null);
            return;
        }
        Path path = Path.of(file).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new InvalidConfigurationException(path.toString(),
                    List.of(new ConfigurationProblem("", "the file does not exist or is not a regular file", 0)));
        }
        LoadedConfiguration loaded = ConfigurationLoader.load(path, System.getenv());
        // the web server does not exist yet: its TLS comes from the file
        ListenerTls.configure(environment, loaded.config(), path);
    }

    @Override
    public int getOrder() {
        // after application.yaml has been read (it maps AURELIS_CONFIG onto aurelis.config)
        return Ordered.LOWEST_PRECEDENCE;
    }
}
