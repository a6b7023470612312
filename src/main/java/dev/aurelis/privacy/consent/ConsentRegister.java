package dev.aurelis.privacy.consent;

import dev.aurelis.privacy.ConsentGiven;
import dev.aurelis.privacy.ConsentPurpose;
import dev.aurelis.privacy.ConsentWithdrawn;
import dev.aurelis.storage.SystemDatabase;
import dev.aurelis.tenancy.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Every person's consents in memory, so the hot path asks a map, never the database. This replica's changes arrive
 * by event as soon as they commit; other replicas' by a reload of the table every
 * {@code aurelis.privacy.consent-refresh} (2 s). A reload never undoes a newer change: per person and purpose the
 * later {@code updated_at} wins, so a reload that read the table just before a withdrawal committed cannot bring
 * the consent back.
 */
@Component
public class ConsentRegister implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ConsentRegister.class);

    record State(boolean given, Instant updatedAt) {
    }

    private final JdbcClient everyTenant;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    ConsentRegister(@SystemDatabase DataSource system) {
        this.everyTenant = JdbcClient.create(system);
    }

    /** Whether {@code user} has consented to {@code purpose}: a map read. */
    public boolean allows(TenantId tenant, UUID user, ConsentPurpose purpose) {
        if (user == null) {
            return false; // a key that belongs to nobody cannot consent
        }
        State state = states.get(key(tenant.value(), user, purpose.configName()));
        return state != null && state.given();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(ConsentGiven given) {
        merge(key(given.tenantId(), given.userId(), given.purpose()), new State(true, given.at()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(ConsentWithdrawn withdrawn) {
        merge(key(withdrawn.tenantId(), withdrawn.userId(), withdrawn.purpose()), new State(false, withdrawn.at()));
    }

    /** A person erased: nothing of theirs is left to consult. */
    public void forget(TenantId tenant, UUID user) {
        String prefix = tenant.value() + '\n' + user + '\n';
        states.keySet().removeIf(k -> k.startsWith(prefix));
    }

    @Override
    public void afterSingletonsInstantiated() {
        reload();
    }

    @Scheduled(fixedDelayString = "${aurelis.privacy.consent-refresh:2s}",
            initialDelayString = "${aurelis.privacy.consent-refresh:2s}")
    void refresh() {
        try {
            reload();
        } catch (RuntimeException e) {
            log.warn("Could not reload consents (the ones in memory stay in force): {}", e.getMessage());
        }
    }

    /** Reads the table; rows gone from it (an erased person) leave memory too. */
    void reload() {
        Map<String, State> stored = new HashMap<>();
        Instant readAt = Instant.now();
        everyTenant.sql("select tenant_id, user_id, purpose, given, updated_at from privacy_consent")
                .query(rs -> {
                    stored.put(key(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3)),
                            new State(rs.getBoolean(4), rs.getObject(5, Timestamp.class).toInstant()));
                });
        stored.forEach(this::merge);
        // gone from the table (erased) unless changed since this read began; the rare change just before the read
        // whose row it missed counts as not given until the next reload: the safe side
        states.entrySet().removeIf(e -> !stored.containsKey(e.getKey()) && e.getValue().updatedAt().isBefore(readAt));
    }

    private void merge(String key, State state) {
        states.merge(key, state, (old, fresh) -> fresh.updatedAt().isBefore(old.updatedAt()) ? old : fresh);
    }

    private static String key(String tenant, UUID user, String purpose) {
        return tenant + '\n' + user + '\n' + purpose;
    }
}
