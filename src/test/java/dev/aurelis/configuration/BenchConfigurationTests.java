package dev.aurelis.configuration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The benchmark's configurations stay valid as the schema grows (bench/run.sh starts Aurelis with them). */
class BenchConfigurationTests {

    @ParameterizedTest
    @ValueSource(strings = {"bench/aurelis-bench.yaml", "bench/aurelis-bench-governed.yaml"})
    void loadsWithoutUnknownKeys(String file) {
        LoadedConfiguration loaded = ConfigurationLoader.load(Path.of(file), Map.of("BENCH_MOCK_PORT", "18100"));

        assertThat(loaded.unknownKeys()).isEmpty();
        assertThat(loaded.config().providers()).hasSize(2);
    }
}
