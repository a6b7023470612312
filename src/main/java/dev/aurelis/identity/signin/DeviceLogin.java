package dev.aurelis.identity.signin;

import dev.aurelis.identity.ApiKeys;
import dev.aurelis.identity.Caller;
import dev.aurelis.identity.DeviceLoginDecided;
import dev.aurelis.identity.IssuedKey;
import dev.aurelis.identity.KeyRequest;
import dev.aurelis.identity.SignIn;
import dev.aurelis.identity.SignInSettings;
import dev.aurelis.identity.UserDeprovisioned;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * RFC 8628 device authorisation for {@code aurelis login}: the CLI gets a device code and a short user code, the
 * person approves the user code in a browser where they signed in through the identity provider, and the CLI's
 * next poll receives a short-lived personal API key in that person's name. Device codes are stored hashed and
 * give out one key at most. The endpoints act for the tenant people sign in to; the key is issued by the
 * approving person, so it never carries more than their own grants.
 */
@Component
public class DeviceLogin {

    /** Unambiguous letters (no vowels, so no words) for user codes, as RFC 8628 section 6.1 suggests. */
    private static final String USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";

    private final JdbcClient jdbc;
    private final SignIn signIn;
    private final ApiKeys keys;
    private final UserCallers callers;
    private final org.springframework.context.ApplicationEventPublisher events;

    DeviceLogin(JdbcClient jdbc, SignIn signIn, ApiKeys keys, UserCallers callers,
            org.springframework.context.ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.signIn = signIn;
        this.keys = keys;
        this.callers = callers;
        this.events = events;
    }

    public record Authorization(String deviceCode, String userCode, long expiresIn, long interval) {
    }

    /** The outcome of one poll: a key, or the RFC 8628 error code to answer with. */
    public record Poll(String error, IssuedKey key, long expiresIn) {
    }

    @Transactional
    public Authorization authorize(String clientId) {
        SignInSettings.DeviceLogin settings = signIn.settings().deviceLogin();
        String deviceCode = Secrets.token();
        String userCode = userCode();
        jdbc.sql("""
                insert into identity_device_authorization (tenant_id, device_code_hash, user_code, client_id, status,
                    interval_seconds, expires_at)
                values (?, ?, ?, ?, 'pending', ?, ?)
                """).params(tenant().value(), Secrets.sha256(deviceCode), userCode, clientId,
                (int) settings.pollInterval().toSeconds(), Timestamp.from(Instant.now().plus(settings.codeLifetime())))
                .update();
        return new Authorization(deviceCode, userCode, settings.codeLifetime().toSeconds(), settings.pollInterval().toSeconds());
    }

    /** Whether a user code is waiting for approval (for the verification page). */
    public boolean pending(String userCode) {
        return jdbc.sql("""
                select exists (select 1 from identity_device_authorization
                               where tenant_id = ? and user_code = ? and status = 'pending' and expires_at > now())
                """).params(tenant().value(), normalise(userCode)).query(Boolean.class).single();
    }

    /** Approves (or denies) a pending user code on behalf of the signed-in person; false when none is pending. */
    @Transactional
    public boolean decide(String userCode, Caller person, boolean approve) {
        String decision = approve ? "approved" : "denied";
        Optional<String> clientId = jdbc.sql("""
                update identity_device_authorization set status = ?, user_id = ?
                where tenant_id = ? and user_code = ? and status = 'pending' and expires_at > now()
                returning client_id
                """).params(decision, person.userId(), tenant().value(), normalise(userCode))
                .query(String.class).optional();
        clientId.ifPresent(client -> events.publishEvent(new DeviceLoginDecided(tenant().value(), person.userId(),
                person.email(), client, decision)));
        return clientId.isPresent();
    }

    /** One poll of the token endpoint with a device code. */
    @Transactional
    public Poll poll(String deviceCode, String clientId) {
        record Row(String status, String clientId, UUID userId, int interval, Instant expiresAt, Instant lastPolledAt) {
        }
        Optional<Row> row = jdbc.sql("""
                select status, client_id, user_id, interval_seconds, expires_at, last_polled_at
                from identity_device_authorization where tenant_id = ? and device_code_hash = ? for update
                """).params(tenant().value(), Secrets.sha256(deviceCode == null ? "" : deviceCode))
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getInt(4),
                        rs.getTimestamp(5).toInstant(),
                        rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant())).optional();
        if (row.isEmpty() || (clientId != null && !clientId.equals(row.get().clientId()))) {
            return new Poll("invalid_grant", null, 0);
        }
        Row r = row.get();
        Instant now = Instant.now();
        byte[] hash = Secrets.sha256(deviceCode);
        jdbc.sql("update identity_device_authorization set last_polled_at = ? where tenant_id = ? and device_code_hash = ?")
                .params(Timestamp.from(now), tenant().value(), hash).update();
        if (r.status().equals("issued")) {
            return new Poll("invalid_grant", null, 0);
        }
        if (!now.isBefore(r.expiresAt())) {
            return new Poll("expired_token", null, 0);
        }
        if (r.status().equals("denied")) {
            return new Poll("access_denied", null, 0);
        }
        if (r.status().equals("pending")) {
            boolean tooSoon = r.lastPolledAt() != null && r.lastPolledAt().plusSeconds(r.interval()).isAfter(now.plusMillis(500));
            return new Poll(tooSoon ? "slow_down" : "authorization_pending", null, 0);
        }
        SignInSettings.DeviceLogin settings = signIn.settings().deviceLogin();
        Optional<Caller> person = callers.of(tenant(), r.userId());
        if (person.isEmpty()) {
            // de-provisioned between approval and this poll
            jdbc.sql("update identity_device_authorization set status = 'denied' where tenant_id = ? and device_code_hash = ?")
                    .params(tenant().value(), hash).update();
            return new Poll("access_denied", null, 0);
        }
        Caller caller = person.get();
        IssuedKey key = keys.issue(new KeyRequest(tenant(), caller.email(), caller.team(), null,
                "aurelis login (" + r.clientId() + ")", now.plus(settings.keyLifetime()), List.of()), caller.asGrantor());
        jdbc.sql("update identity_device_authorization set status = 'issued', key_id = ? where tenant_id = ? and device_code_hash = ?")
                .params(key.info().id(), tenant().value(), hash).update();
        return new Poll(null, key, settings.keyLifetime().toSeconds());
    }

    /**
     * A de-provisioned user's approvals that have not given out their key yet are withdrawn (the CLI's next poll
     * gets access_denied); keys already given out are revoked with the user's other keys.
     */
    @EventListener
    void onUserDeprovisioned(UserDeprovisioned event) {
        TenantId tenant = TenantId.of(event.tenantId());
        TenantContext.run(tenant, () -> jdbc.sql("""
                update identity_device_authorization set status = 'denied'
                where tenant_id = ? and user_id = ? and status = 'approved'
                """).params(tenant.value(), event.userId()).update());
    }

    @Scheduled(fixedDelay = 600_000, initialDelay = 600_000)
    void forgetExpired() {
        TenantContext.run(tenant(), () -> jdbc.sql(
                "delete from identity_device_authorization where tenant_id = ? and expires_at < now() - interval '1 day'")
                .param(tenant().value()).update());
    }

    /** Eight letters shown as XXXX-XXXX: 20^8 (about 2^34) codes, enough for the few minutes one lives. */
    private static String userCode() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                code.append('-');
            }
            code.append(USER_CODE_ALPHABET.charAt(Secrets.RANDOM.nextInt(USER_CODE_ALPHABET.length())));
        }
        return code.toString();
    }

    /** Accepts what people type: any case, with or without the dash or spaces. */
    static String normalise(String typed) {
        if (typed == null) {
            return "";
        }
        String letters = typed.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z]", "");
        return letters.length() == 8 ? letters.substring(0, 4) + "-" + letters.substring(4) : letters;
    }

    private TenantId tenant() {
        return signIn.settings().tenantId();
    }
}
