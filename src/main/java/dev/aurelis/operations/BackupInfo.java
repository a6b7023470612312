package dev.aurelis.operations;

import java.time.Instant;

/**
 * One backup in the backup directory. {@code tables} and {@code rows} are known once the backup was written or
 * verified by this process (the header holds neither: they are inside the encrypted part).
 *
 * @param trigger {@code scheduled} or {@code manual}
 */
public record BackupInfo(String id, String file, Instant createdAt, String schemaVersion, String trigger, long bytes,
        Integer tables, Long rows) {
}
