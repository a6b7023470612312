package dev.aurelis.operations.backup;

import dev.aurelis.privacy.StreamKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.stereotype.Component;

/**
 * {@code aurelis backup restore FILE} starts the server with {@code aurelis.backup.restore-from}: the migrations run,
 * then the backup is restored, before any component reads or writes (start-up writes such as the first administrator
 * key come after the database is initialised). The database must be empty; a refused backup stops the start with
 * the reason, and nothing was written.
 */
@Component
class RestoreOnStart implements FlywayMigrationStrategy {

    private static final Logger log = LoggerFactory.getLogger(RestoreOnStart.class);

    private final ObjectProvider<StreamKeys> keys;
    private final String restoreFrom;

    private final BackupBucket bucket;

    RestoreOnStart(ObjectProvider<StreamKeys> keys, @Value("${aurelis.backup.restore-from:}") String restoreFrom,
            BackupBucket bucket) {
        this.keys = keys;
        this.restoreFrom = restoreFrom;
        this.bucket = bucket;
    }

    /**
     * The file to restore: the path given, or, when there is no such file and a bucket is configured, the backup of
     * that name (or id) fetched from the bucket and checked against its SHA-256.
     */
    private Path fileToRestore() {
        Path file = Path.of(restoreFrom).toAbsolutePath();
        if (Files.isRegularFile(file) || !bucket.configured()) {
            return file;
        }
        String name = Path.of(restoreFrom).getFileName().toString();
        if (!name.endsWith(".aurbak")) {
            name = "aurelis-backup-" + name + ".aurbak";
        }
        if (bucket.checksum(name).isEmpty()) {
            throw new BackupRefused("Cannot restore " + restoreFrom + ": there is no such file, nor " + name + " in "
                    + bucket.describe());
        }
        try {
            Path fetched = Files.createTempDirectory("aurelis-restore-").resolve(name);
            bucket.download(name, fetched);
            log.info("Fetched {} from {} to restore it", name, bucket.describe());
            return fetched;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not make a directory to fetch " + name + " into", e);
        }
    }

    @Override
    public void migrate(Flyway flyway) {
        flyway.migrate();
        if (restoreFrom.isBlank()) {
            return;
        }
        Path file = fileToRestore();
        if (!Files.isRegularFile(file)) {
            throw new BackupRefused("Cannot restore " + file + ": there is no such file");
        }
        long started = System.nanoTime();
        try (Connection connection = flyway.getConfiguration().getDataSource().getConnection()) {
            Manifest manifest = BackupFile.restore(file, keys.getObject()::open, connection);
            log.info("Restored {}: {} tables, {} rows at schema version {}, in {} ms", file.getFileName(),
                    manifest.tables().size(), manifest.rows(), manifest.schemaVersion(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (BackupRefused e) {
            throw new BackupRefused("Backup not restored, nothing was written: " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not restore " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }
}
