package dev.aurelis.operations;

import dev.aurelis.operations.backup.BackupBucket;
import dev.aurelis.operations.backup.BackupFile;
import dev.aurelis.operations.backup.BackupHeader;
import dev.aurelis.operations.backup.BackupRefused;
import dev.aurelis.operations.backup.Manifest;
import dev.aurelis.privacy.StreamKeys;
import dev.aurelis.storage.SystemDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;

/**
 * Encrypted logical backups of the whole database in a directory (ADR 0044): every Aurelis table of every tenant
 * through COPY with each one's row count and SHA-256, the schema version, under a data key of the privacy module's
 * key hierarchy. Reads across tenants, so it uses the schema owner's connections. Restoring is done at start
 * ({@code aurelis backup restore}), into an empty database, never into the one a server is serving from.
 */
@Component
public class Backups {

    private static final Logger log = LoggerFactory.getLogger(Backups.class);
    private static final Pattern ID = Pattern.compile("\\d{8}T\\d{6}Z-[0-9a-f]{6}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String PREFIX = "aurelis-backup-";
    private static final String SUFFIX = ".aurbak";

    private final DataSource owner;
    /** Resolved when a backup is written or read: a module test may run the operations module without privacy. */
    private final ObjectProvider<StreamKeys> keys;
    private final Path directory;
    private final Clock clock;
    private final BackupBucket bucket;
    private volatile BackupSettings settings = BackupSettings.onDemand();

    Backups(@SystemDatabase DataSource owner, ObjectProvider<StreamKeys> keys, Optional<Clock> clock,
            @Value("${aurelis.backup.directory:}") String directory, @Value("${aurelis.data-dir}") String dataDir,
            BackupBucket bucket) {
        this.owner = owner;
        this.bucket = bucket;
        this.keys = keys;
        this.clock = clock.orElse(Clock.systemUTC());
        this.directory = (directory.isBlank() ? Path.of(dataDir).resolve("backups") : Path.of(directory))
                .toAbsolutePath().normalize();
    }

    /** The backup with this id (from {@code list}) could not be found. */
    public static class NoSuchBackup extends RuntimeException {
        NoSuchBackup(String id) {
            super("No backup '" + id + "' in the backup directory");
        }
    }

    public void configure(BackupSettings settings) {
        this.settings = settings;
    }

    public BackupSettings settings() {
        return settings;
    }

    public Path directory() {
        return directory;
    }

    /** Where backups are copied to besides the directory ({@code s3://bucket/prefix}), or empty when nowhere. */
    public Optional<String> bucket() {
        return bucket.configured() ? Optional.of(bucket.describe()) : Optional.empty();
    }

    /** Takes a backup now; {@code trigger} is {@code scheduled} or {@code manual}. */
    public BackupInfo create(String trigger) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String id = STAMP.format(now) + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
        StreamKeys.StreamKey key = keys.getObject().create();
        Path file = directory.resolve(PREFIX + id + SUFFIX);
        long started = System.nanoTime();
        try (Connection connection = owner.getConnection()) {
            Files.createDirectories(directory);
            String version = versionOf(connection);
            BackupHeader header = new BackupHeader(id, now.toString(), version, trigger, key.wrapped());
            Manifest manifest = BackupFile.create(file, header, key.key(), connection);
            BackupInfo info = info(file, header, manifest);
            log.info("Backup {} written to {}: {} tables, {} rows, {} bytes, in {} ms", id, file,
                    manifest.tables().size(), manifest.rows(), info.bytes(), (System.nanoTime() - started) / 1_000_000);
            if (bucket.configured()) {
                String sha256 = bucket.upload(file);
                log.info("Backup {} uploaded to {} (SHA-256 {})", id, bucket.describe(), sha256);
            }
            return info;
        } catch (SQLException e) {
            throw new CannotGetJdbcConnectionException("Could not back up the database", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the backup to " + directory, e);
        }
    }

    private static String versionOf(Connection connection) throws SQLException {
        try (var statement = connection.createStatement(); var rs = statement.executeQuery(
                "select version from flyway_schema_history where success and version is not null "
                        + "order by installed_rank desc limit 1")) {
            return rs.next() ? rs.getString(1) : "none";
        }
    }

    /** The backups in the directory, newest first; files that are not readable backups are skipped with a warning. */
    public List<BackupInfo> list() {
        List<BackupInfo> backups = new ArrayList<>(local());
        if (bucket.configured()) {
            List<String> here = backups.stream().map(BackupInfo::file).toList();
            for (BackupBucket.StoredObject object : bucket.list()) {
                String name = object.fileName();
                if (!here.contains(name) && name.startsWith(PREFIX) && name.endsWith(SUFFIX)) {
                    String id = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
                    if (ID.matcher(id).matches()) {
                        backups.add(new BackupInfo(id, name, Instant.from(STAMP.parse(id.substring(0, 16))), null,
                                null, object.bytes(), null, null));
                    }
                }
            }
        }
        backups.sort(Comparator.comparing(BackupInfo::createdAt).reversed().thenComparing(BackupInfo::id));
        return backups;
    }

    /** The backups in the directory; files that are not readable backups are skipped with a warning. */
    private List<BackupInfo> local() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<BackupInfo> backups = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(Backups::isBackupFile).toList()) {
                try {
                    backups.add(info(file, BackupFile.header(file), null));
                } catch (BackupRefused e) {
                    log.warn("Skipping {}: {}", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list the backup directory " + directory, e);
        }
        return backups;
    }

    /** Reads the whole backup back: it opens with this deployment's keys and every table matches the manifest. */
    public BackupInfo verify(String id) {
        Path file = file(id);
        if (bucket.configured() && bucket.checksum(file.getFileName().toString()).isPresent()) {
            // the bucket's copy is the one a restore after losing the directory would use: read that one back
            bucket.download(file.getFileName().toString(), file);
        }
        try {
            BackupHeader header = BackupFile.header(file);
            Manifest manifest = BackupFile.verify(file, keys.getObject()::open);
            return info(file, header, manifest);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }

    /** The file of the backup {@code id}: only ids as {@code list} shows them name a file, never a path. */
    public Path file(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new NoSuchBackup(String.valueOf(id));
        }
        Path file = directory.resolve(PREFIX + id + SUFFIX);
        if (!Files.isRegularFile(file) && bucket.configured()
                && bucket.checksum(file.getFileName().toString()).isPresent()) {
            bucket.download(file.getFileName().toString(), file);
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchBackup(id);
        }
        return file;
    }

    /** Removes backups older than the retention, always keeping the newest; returns how many went. */
    public int prune() {
        int removed = 0;
        for (BackupInfo backup : expired(list(), settings.retentionDays(), clock.instant())) {
            try {
                Files.deleteIfExists(directory.resolve(backup.file()));
                if (bucket.configured()) {
                    bucket.delete(backup.file());
                }
                removed++;
                log.info("Backup {} removed: older than {} days", backup.id(), settings.retentionDays());
            } catch (IOException | BackupRefused e) {
                log.warn("Could not remove the expired backup {}: {}", backup.file(), e.getMessage());
            }
        }
        return removed;
    }

    /** Of {@code newestFirst}, those past the retention; never the newest, so an outage of the schedule loses nothing. */
    static List<BackupInfo> expired(List<BackupInfo> newestFirst, int retentionDays, Instant now) {
        Instant cutoff = now.minus(retentionDays, ChronoUnit.DAYS);
        return newestFirst.stream().skip(1).filter(b -> b.createdAt().isBefore(cutoff)).toList();
    }

    /** When the newest backup was taken, if there is one. */
    public Optional<Instant> newest() {
        return list().stream().map(BackupInfo::createdAt).findFirst();
    }

    private static boolean isBackupFile(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(PREFIX) && name.endsWith(SUFFIX) && Files.isRegularFile(file);
    }

    private static BackupInfo info(Path file, BackupHeader header, Manifest manifest) throws IOException {
        return new BackupInfo(header.id(), file.getFileName().toString(), Instant.parse(header.createdAt()),
                header.schemaVersion(), header.trigger(), Files.size(file),
                manifest == null ? null : manifest.tables().size(), manifest == null ? null : manifest.rows());
    }
}
