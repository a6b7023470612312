package dev.aurelis;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The extracted jars the AOT cache is made for lose their {@code Sealed} attributes and nothing else (ADR 0078). */
class AotUnsealedJarsTests {

    @TempDir
    Path lib;

    @Test
    void aSealedJarIsRewrittenWithoutSealingAndKeepsItsEntriesAttributesAndTime() throws IOException {
        Manifest manifest = manifest();
        manifest.getMainAttributes().put(Attributes.Name.SEALED, "true");
        manifest.getEntries().computeIfAbsent("org/example/", name -> new Attributes()).put(Attributes.Name.SEALED, "true");
        Path sealed = jar("sealed.jar", manifest);
        Files.setLastModifiedTime(sealed, java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L));
        Path plain = jar("plain.jar", manifest());
        long plainSize = Files.size(plain);

        assertThat(AotUnsealedJars.unseal(lib)).containsExactly(sealed);

        try (JarFile jar = new JarFile(sealed.toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertThat(main.getValue(Attributes.Name.SEALED)).isNull();
            assertThat(main.getValue(Attributes.Name.IMPLEMENTATION_TITLE)).isEqualTo("example");
            assertThat(jar.getManifest().getAttributes("org/example/").getValue(Attributes.Name.SEALED)).isNull();
            assertThat(new String(jar.getInputStream(jar.getEntry("org/example/Thing.class")).readAllBytes(),
                    StandardCharsets.UTF_8)).isEqualTo("not really a class");
        }
        assertThat(Files.getLastModifiedTime(sealed).toMillis()).isEqualTo(1_700_000_000_000L);
        assertThat(Files.size(plain)).isEqualTo(plainSize);
        assertThat(AotUnsealedJars.unseal(lib)).isEmpty();
    }

    private static Manifest manifest() {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_TITLE, "example");
        return manifest;
    }

    private Path jar(String name, Manifest manifest) throws IOException {
        Path jar = lib.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new ZipEntry("org/example/Thing.class"));
            out.write("not really a class".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }
}
