package dev.aurelis.privacy.encryption;

import dev.aurelis.privacy.DataProtectionSettings;
import dev.aurelis.storage.SingletonWork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Rotates the keys that seal data at rest every {@code security.key_rotation_days} (90 by default): a new KEK and a
 * new data key for new values, then every data key is re-wrapped under the new KEK. Runs on one replica at a time
 * ({@link SingletonWork}); the other replicas take the new data key at their next check.
 */
@Component
public class KeyRotation {

    private final DataKeys keys;
    private final DataProtectionSettings settings;
    private final SingletonWork singleton;
    private final Clock clock;

    KeyRotation(DataKeys keys, DataProtectionSettings settings, SingletonWork singleton, Optional<Clock> clock) {
        this.keys = keys;
        this.settings = settings;
        this.singleton = singleton;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @Scheduled(fixedDelayString = "${aurelis.privacy.key-rotation-check:1h}",
            initialDelayString = "${aurelis.privacy.key-rotation-check:1h}")
    void scheduled() {
        keys.refresh();
        singleton.runIfFree("privacy.key-rotation", this::rotateIfDue);
    }

    /** Rotates when the active data key is older than the rotation period, and re-wraps what is left to move. */
    public boolean rotateIfDue() {
        Instant created = createdAtOfActive();
        boolean due = !created.plus(period()).isAfter(clock.instant());
        if (due) {
            keys.rotate();
        } else {
            keys.rewrap();
        }
        return due;
    }

    /** Rotates now, whatever the period. */
    public void rotateNow() {
        singleton.runIfFree("privacy.key-rotation", keys::rotate);
    }

    public Map<String, Object> status() {
        List<DataKeys.Info> all = keys.list();
        keys.active();
        Instant created = createdAtOfActive();
        return Map.of("algorithm", "AES-256-GCM",
                "declared_algorithm", settings.policy().algorithm() == null ? "(not set)" : settings.policy().algorithm(),
                "key_manager", keys.manager().name(),
                "current_key_encryption_key", keys.manager().currentKeyId(),
                "key_rotation_days", settings.policy().rotationDays(),
                "active_data_key", keys.active().toString(),
                "next_rotation", created.plus(period()).toString(),
                "data_keys", all.stream().map(k -> {
                    Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("id", k.id().toString());
                    m.put("wrapped_by", k.kekId());
                    m.put("created_at", k.createdAt().toString());
                    m.put("retired_at", k.retiredAt() == null ? null : k.retiredAt().toString());
                    return m;
                }).toList());
    }

    private Duration period() {
        return Duration.ofDays(settings.policy().rotationDays());
    }

    private Instant createdAtOfActive() {
        var active = keys.active();
        return keys.list().stream().filter(k -> k.id().equals(active)).map(DataKeys.Info::createdAt).findFirst()
                .orElse(clock.instant());
    }
}
