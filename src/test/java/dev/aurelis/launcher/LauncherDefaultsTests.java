package dev.aurelis.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's JVM defaults (ADR 0027, ADR 0080, ADR 0087): a 512 MB heap, the G1 collector and a GC time ratio of
 * 99 unless {@code AURELIS_JAVA_OPTS} says otherwise. The real launcher runs here, in a copy of the project whose jar
 * is a probe that prints the heap, the collectors and the ratio its JVM got.
 */
class LauncherDefaultsTests {

    private static final long MIB = 1024L * 1024;

    @TempDir
    Path project;

    @Test
    void withoutOptionsTheHeapIs512MegabytesAndTheCollectorG1() throws Exception {
        Map<String, String> probe = launch("");
        assertThat(Long.parseLong(probe.get("heap"))).isEqualTo(512 * MIB);
        assertThat(probe.get("collectors")).contains("G1 Young Generation");
        // G1's own ratio (12) keeps the heap so small that its live data alone starts one concurrent cycle after another
        assertThat(probe.get("gcTimeRatio")).isEqualTo("99");
    }

    @Test
    void onOneCpuTheCollectorIsStillG1() throws Exception {
        // the JVM's own choice on one CPU (a small container) is the serial collector
        assertThat(launch("-XX:ActiveProcessorCount=1").get("collectors")).contains("G1 Young Generation");
    }

    @Test
    void optionsThatNameACollectorOrAHeapWin() throws Exception {
        assertThat(launch("-XX:+UseSerialGC").get("collectors")).doesNotContain("G1").contains("MarkSweepCompact");
        Map<String, String> larger = launch("-Xmx1g");
        assertThat(Long.parseLong(larger.get("heap"))).isEqualTo(1024 * MIB);
        assertThat(larger.get("collectors")).as("a heap of its own keeps the default collector").contains("G1");
        assertThat(larger.get("gcTimeRatio")).as("and the default ratio").isEqualTo("99");
        assertThat(launch("-XX:GCTimeRatio=12").get("gcTimeRatio")).isEqualTo("12");
    }

    private Map<String, String> launch(String javaOptions) throws IOException, InterruptedException {
        prepareProject();
        ProcessBuilder builder = new ProcessBuilder(project.resolve("aurelis").toString(), "probe")
                .directory(project.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("AURELIS_JAVA_OPTS", javaOptions);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().filter(line -> line.contains("=")).map(line -> line.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1], (a, b) -> b));
    }

    /** The launcher and the JDK choice it sources, a pom older than the jar (so it builds nothing), and the probe jar. */
    private void prepareProject() throws IOException {
        if (Files.exists(project.resolve("aurelis"))) {
            return;
        }
        Path launcher = project.resolve("aurelis");
        Files.copy(Path.of("aurelis"), launcher);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(project.resolve(".mvn"));
        Files.copy(Path.of(".mvn/jdk.sh"), project.resolve(".mvn/jdk.sh"));
        Path pom = Files.writeString(project.resolve("pom.xml"), "<project/>");
        Files.setLastModifiedTime(pom, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Files.createDirectories(project.resolve("target"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LauncherProbe.class.getName());
        String entry = LauncherProbe.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(project.resolve("target/aurelis.jar"));
                JarOutputStream jar = new JarOutputStream(file, manifest);
                InputStream probe = LauncherProbe.class.getClassLoader().getResourceAsStream(entry)) {
            jar.putNextEntry(new JarEntry(entry));
            probe.transferTo(jar);
            jar.closeEntry();
        }
    }
}
