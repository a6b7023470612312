package dev.aurelis.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The container image's JVM options (the entry point in pom.xml, ADR 0021, ADR 0087, ADR 0098), given to this JDK as
 * if its container had a memory limit: they start a JVM, keep G1 with its time ratio, and leave beside the heap what
 * the JVM itself and the embedded PostgreSQL hold in the same container (about 270 and 250 MB).
 */
class ImageEntryPointTests {

    private static final long MIB = 1024L * 1024;
    /** The JVM's own memory besides its heap, and the embedded database's, measured under load (ADR 0098). */
    private static final long BESIDE_THE_HEAP = 550 * MIB;

    @ParameterizedTest
    @ValueSource(ints = {1024, 2048, 4096})
    void theHeapLeavesRoomForTheJvmAndTheEmbeddedDatabase(int limitMib) throws Exception {
        Map<String, String> flags = flagsWithin(limitMib);
        long maxHeap = Long.parseLong(flags.get("MaxHeapSize"));
        long initialHeap = Long.parseLong(flags.get("InitialHeapSize"));

        assertThat(maxHeap + BESIDE_THE_HEAP).isLessThanOrEqualTo(limitMib * MIB);
        assertThat(initialHeap).isLessThanOrEqualTo(maxHeap);
        assertThat(flags.get("UseG1GC")).isEqualTo("true");
        assertThat(flags.get("GCTimeRatio")).isEqualTo("99");
        assertThat(flags.get("ExitOnOutOfMemoryError")).isEqualTo("true");
    }

    /** The final flag values of a JVM started with the entry point's options and {@code limitMib} of memory. */
    private static Map<String, String> flagsWithin(int limitMib) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(entryPointOptions());
        command.add("-XX:MaxRAM=" + limitMib + "m");
        command.add("-XX:+PrintFlagsFinal");
        command.add("-version");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        Map<String, String> flags = new HashMap<>();
        Matcher line = Pattern.compile("(?m)^\\s*\\S+\\s+(\\w+)\\s+=\\s+(\\S+)").matcher(output);
        while (line.find()) {
            flags.put(line.group(1), line.group(2));
        }
        return flags;
    }

    /** The JVM options of the image's entry point, as pom.xml declares them. */
    private static List<String> entryPointOptions() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher entryPoint = Pattern.compile("<entrypoint>(.*?)</entrypoint>", Pattern.DOTALL).matcher(pom);
        assertThat(entryPoint.find()).as("the image's entry point in pom.xml").isTrue();
        List<String> options = new ArrayList<>();
        Matcher arg = Pattern.compile("<arg>(-XX:[^<]+)</arg>").matcher(entryPoint.group(1));
        while (arg.find()) {
            options.add(arg.group(1));
        }
        assertThat(options).as("the entry point's JVM options").isNotEmpty();
        return options;
    }
}
