package dev.aurelis.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.aurelis.testing.AccessTestBase;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Python client's unittest suite (sdk/python/tests) against this running server, with the machine's
 * {@code python3}. Without a Python 3 the test is skipped with a message, except under CI ({@code CI=true}), where
 * a missing Python fails it: there the Python client must be tested.
 */
class PythonClientTests extends AccessTestBase {

    private static final Path PROJECT = Path.of("sdk", "python");

    @Test
    void thePythonClientsTestsPassAgainstTheServer() throws Exception {
        Optional<Path> python = python3();
        if (python.isEmpty()) {
            String reason = "No python3 on the PATH: the Python client (sdk/python) was not tested.";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(reason + " CI=true requires it.");
            }
            Assumptions.abort(reason);
        }
        ProcessBuilder builder = new ProcessBuilder(python.get().toString(), "-m", "unittest", "-v")
                .directory(PROJECT.toFile()).redirectErrorStream(true);
        builder.environment().put("AURELIS_URL", baseUrl());
        builder.environment().put("AURELIS_ADMIN_KEY", ADMIN_KEY);
        builder.environment().put("AURELIS_TEAM", "platform");
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process process = builder.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("python3 -m unittest did not finish within 5 minutes:\n" + output.getNow(""));
        }
        String log = output.get(1, TimeUnit.MINUTES);
        assertThat(process.exitValue()).as("python3 -m unittest in sdk/python said:\n%s", log).isZero();
        assertThat(log).as("every Python test ran, none skipped:\n%s", log).containsPattern("Ran [1-9]\\d* tests?")
                .doesNotContain("skipped");
    }

    private static Optional<Path> python3() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator)).map(dir -> Path.of(dir, "python3"))
                .filter(Files::isExecutable).findFirst();
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
