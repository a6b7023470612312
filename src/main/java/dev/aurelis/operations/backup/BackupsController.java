package dev.aurelis.operations.backup;

import dev.aurelis.operations.BackupInfo;
import dev.aurelis.operations.BackupSettings;
import dev.aurelis.operations.Backups;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/backups} (take one now), {@code GET /api/v1/backups} (the schedule, the objectives and every
 * backup) and {@code POST /api/v1/backups/{id}/verify}; all require {@code security:manage}. A backup that fails to
 * verify answers 422 with the reason. Restoring is not an API call: it needs an empty database (docs/disaster-recovery.md).
 */
@RestController
class BackupsController {

    private final Backups backups;

    BackupsController(Backups backups) {
        this.backups = backups;
    }

    @PostMapping("/api/v1/backups")
    ResponseEntity<BackupInfo> create() {
        return ResponseEntity.status(HttpStatus.CREATED).body(backups.create("manual"));
    }

    @GetMapping("/api/v1/backups")
    Map<String, Object> list() {
        BackupSettings settings = backups.settings();
        List<BackupInfo> all = backups.list();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("directory", backups.directory().toString());
        backups.bucket().ifPresent(bucket -> answer.put("bucket", bucket));
        answer.put("scheduled", settings.scheduled());
        answer.put("frequency_minutes", settings.frequency().toMinutes());
        answer.put("retention_days", settings.retentionDays());
        answer.put("verify_after_backup", settings.disasterRecovery());
        answer.put("objectives", objectives(settings));
        answer.put("backups", all);
        return answer;
    }

    /** The objectives as set, and plainly whether Aurelis's own backups can meet the recovery point objective. */
    private static Map<String, Object> objectives(BackupSettings settings) {
        Map<String, Object> objectives = new LinkedHashMap<>();
        objectives.put("rto_minutes", settings.rtoMinutes());
        objectives.put("rpo_minutes", settings.rpoMinutes());
        objectives.put("rpo_met_by_backups", settings.rpoMinutes() == null ? null : !settings.rpoBeyondBackups());
        objectives.put("note", settings.rpoBeyondBackups()
                ? "Backups every " + settings.frequency().toMinutes() + " minutes can lose up to that much; an RPO of "
                        + settings.rpoMinutes() + " minutes needs PostgreSQL WAL archiving and streaming replication "
                        + "(docs/disaster-recovery.md)"
                : "The RTO is the time to start a server restoring the newest backup; measured figures are in "
                        + "docs/disaster-recovery.md");
        return objectives;
    }

    @PostMapping("/api/v1/backups/{id}/verify")
    Map<String, Object> verify(@PathVariable String id) {
        BackupInfo info = backups.verify(id);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("verified", true);
        answer.put("backup", info);
        return answer;
    }

    @ExceptionHandler(Backups.NoSuchBackup.class)
    ResponseEntity<Map<String, Object>> missing(Backups.NoSuchBackup e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(Map.of("error", Map.of("message", e.getMessage(), "type", "not_found_error")));
    }

    @ExceptionHandler(BackupRefused.class)
    ResponseEntity<Map<String, Object>> refused(BackupRefused e) {
        return ResponseEntity.status(422)
                .body(Map.of("verified", false,
                        "error", Map.of("message", e.getMessage(), "type", "invalid_backup_error")));
    }
}
