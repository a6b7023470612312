package dev.aurelis.privacy.encryption;

import dev.aurelis.storage.SystemDatabase;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The data keys (DEKs) that seal values at rest, each an AES-256 key kept only wrapped by a key-encryption key of the
 * {@link KeyManager} ({@code privacy_data_key}, one set for the deployment). The newest key not retired seals new
 * values; every key stays to open what it sealed. Unwrapped keys are cached in memory, never logged or stored.
 * Rotation makes a new KEK current, adds a data key wrapped by it and retires the others; the re-wrap moves every
 * data key under the current KEK, so an earlier KEK is no longer needed afterwards.
 */
@Component
public class DataKeys {

    private final JdbcClient jdbc;
    private final KeyManager manager;
    private final Map<UUID, SecretKey> cache = new ConcurrentHashMap<>();
    private volatile UUID active;

    DataKeys(@SystemDatabase DataSource owner, KeyManager manager) {
        this.jdbc = JdbcClient.create(owner);
        this.manager = manager;
    }

    /** One data key as stored (never its key material). */
    public record Info(UUID id, String kekId, Instant createdAt, Instant retiredAt) {
    }

    /** The data key that seals new values, created on first use. */
    public synchronized UUID active() {
        if (active == null) {
            active = newest().orElseGet(this::create);
        }
        return active;
    }

    /** The key material of {@code id}, unwrapped by the key manager on first use. */
    public SecretKey key(UUID id) {
        return cache.computeIfAbsent(id, this::load);
    }

    private SecretKey load(UUID id) {
        KeyManager.WrappedKey wrapped = jdbc.sql("select kek_id, wrapped from privacy_data_key where id = ?").param(id)
                .query((rs, n) -> new KeyManager.WrappedKey(rs.getString(1), rs.getBytes(2))).optional()
                .orElseThrow(() -> new IllegalStateException("No data key " + id + " is stored: the value cannot be opened"));
        return Aes.key(manager.unwrap(wrapped));
    }

    private Optional<UUID> newest() {
        return jdbc.sql("select id from privacy_data_key where retired_at is null order by created_at desc, id limit 1")
                .query(UUID.class).optional();
    }

    private UUID create() {
        byte[] key = Aes.newKey();
        KeyManager.WrappedKey wrapped = manager.wrap(key);
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into privacy_data_key (id, wrapped, kek_id, created_at) values (?, ?, ?, clock_timestamp())")
                .params(id, wrapped.blob(), wrapped.kekId()).update();
        cache.put(id, Aes.key(key));
        java.util.Arrays.fill(key, (byte) 0);
        return id;
    }

    /** A new KEK and a new data key for new values; the earlier data keys are retired and re-wrapped. */
    public synchronized UUID rotate() {
        manager.rotate();
        UUID id = create();
        jdbc.sql("update privacy_data_key set retired_at = clock_timestamp() where retired_at is null and id <> ?")
                .param(id).update();
        active = id;
        rewrap();
        return id;
    }

    /** Moves every data key not wrapped by the current KEK under it; returns how many moved. */
    public int rewrap() {
        String current = manager.currentKeyId();
        List<UUID> stale = jdbc.sql("select id from privacy_data_key where kek_id <> ? order by created_at")
                .param(current).query(UUID.class).list();
        for (UUID id : stale) {
            KeyManager.WrappedKey wrapped = manager.wrap(key(id).getEncoded());
            jdbc.sql("update privacy_data_key set wrapped = ?, kek_id = ? where id = ?")
                    .params(wrapped.blob(), wrapped.kekId(), id).update();
        }
        return stale.size();
    }

    /** Forgets the active key, so the next seal takes the newest one (after another replica rotated). */
    public synchronized void refresh() {
        active = null;
    }

    public List<Info> list() {
        return jdbc.sql("select id, kek_id, created_at, retired_at from privacy_data_key order by created_at, id")
                .query((rs, n) -> new Info(rs.getObject(1, UUID.class), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant(),
                        rs.getObject(4) == null ? null : rs.getObject(4, OffsetDateTime.class).toInstant()))
                .list();
    }

    public KeyManager manager() {
        return manager;
    }
}
