package dev.aurelis.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Migrations form one increasing sequence that only grows at its end: {@code db/migrations.lock} lists every
 * versioned migration in order with the checksum of its file. A migration that landed cannot be edited (its
 * checksum would change) and a new one cannot slip in below one that landed (the lock would no longer increase),
 * so a database migrated by any earlier build of main can always be migrated by a later one.
 */
class MigrationSequenceTests {

    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final Path LOCK = Path.of("src/test/resources/db/migrations.lock");
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__[a-z0-9_]+\\.sql");

    record Locked(int version, String file, String sha256) {
    }

    @Test
    void everyMigrationIsVersionedByOneWholeNumberAndNamedAfterItsModule() throws IOException {
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            files.map(p -> p.getFileName().toString()).filter(name -> name.startsWith("V")).forEach(name ->
                    assertThat(VERSIONED.matcher(name).matches())
                            .as("%s: versioned migrations are named V<whole number>__<module>_<what>.sql", name)
                            .isTrue());
        }
    }

    @Test
    void theLockListsEveryMigrationInIncreasingOrderWithItsChecksum() throws IOException {
        List<Locked> locked = readLock();
        for (int i = 1; i < locked.size(); i++) {
            assertThat(locked.get(i).version())
                    .as("%s must come after %s: a new migration takes a version above every one that landed "
                            + "(renumber yours and append it at the end of %s)", locked.get(i).file(),
                            locked.get(i - 1).file(), LOCK)
                    .isGreaterThan(locked.get(i - 1).version());
        }
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            List<String> onDisk = files.map(p -> p.getFileName().toString())
                    .filter(name -> VERSIONED.matcher(name).matches()).sorted().toList();
            assertThat(onDisk).as("every versioned migration is listed in %s (append new ones at its end)", LOCK)
                    .containsExactlyInAnyOrderElementsOf(locked.stream().map(Locked::file).toList());
        }
        for (Locked entry : locked) {
            Matcher name = VERSIONED.matcher(entry.file());
            assertThat(name.matches() && Integer.parseInt(name.group(1)) == entry.version())
                    .as("%s is listed with version %d", entry.file(), entry.version()).isTrue();
            assertThat(sha256(MIGRATIONS.resolve(entry.file())))
                    .as("%s changed after it was listed: a migration that landed is never edited; write a new one",
                            entry.file())
                    .isEqualTo(entry.sha256());
        }
    }

    private static List<Locked> readLock() throws IOException {
        return Files.readAllLines(LOCK).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.split("\\s+"))
                .map(parts -> new Locked(Integer.parseInt(parts[0]), parts[1], parts[2]))
                .toList();
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
