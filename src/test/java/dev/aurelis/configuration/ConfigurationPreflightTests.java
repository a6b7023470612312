package dev.aurelis.configuration;

import dev.aurelis.AurelisApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class ConfigurationPreflightTests {

    @Test
    void stopsStartUpOnAnInvalidFileBeforeTheEmbeddedDatabaseStarts(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("broken.yaml"), "models:\n  timeout: soon\n");
        Path dataDir = directory.resolve("data");

        Throwable failure = catchThrowable(() -> new SpringApplication(AurelisApplication.class).run(
                "--aurelis.config=" + file, "--aurelis.data-dir=" + dataDir, "--server.port=0"));

        assertThat(failure).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("broken.yaml:2: models.timeout: 'soon' is not a whole number");
        assertThat(dataDir).as("no database was started").doesNotExist();
    }

    @Test
    void stopsStartUpWhenTheNamedFileDoesNotExist(@TempDir Path directory) {
        Throwable failure = catchThrowable(() -> new SpringApplication(AurelisApplication.class).run(
                "--aurelis.config=" + directory.resolve("missing.yaml"), "--aurelis.data-dir=" + directory,
                "--server.port=0"));

        assertThat(failure).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("missing.yaml").hasMessageContaining("does not exist");
    }
}
