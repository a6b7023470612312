package dev.aurelis.identity.signin;

import dev.aurelis.privacy.RetainedData;
import dev.aurelis.privacy.RetentionOutcome;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Sign-in's records past their use: a browser session is kept {@code aurelis.identity.session-retention} (30 days)
 * after it ended or expired (who signed in when stays in the audit trail), a device login one day after it expired.
 * Deleted by the privacy module's retention job while retention policies are on.
 */
@Component
class SignInRetention implements RetainedData {

    static final Duration DEVICE_CODES = Duration.ofDays(1);

    private final JdbcClient jdbc;
    private final Duration sessions;

    SignInRetention(JdbcClient jdbc, @Value("${aurelis.identity.session-retention:30d}") Duration sessions) {
        this.jdbc = jdbc;
        this.sessions = sessions;
    }

    @Override
    public List<RetentionOutcome> applyRetention(TenantId tenant, Instant now) {
        return TenantContext.call(tenant, () -> {
            Timestamp sessionCut = Timestamp.from(now.minus(sessions));
            int deletedSessions = jdbc.sql("""
                    delete from identity_session where tenant_id = ?
                    and least(coalesce(ended_at, expires_at), expires_at) < ?""")
                    .params(tenant.value(), sessionCut).update();
            Instant oldestSession = jdbc.sql("""
                    select min(least(coalesce(ended_at, expires_at), expires_at)) from identity_session
                    where tenant_id = ? and least(coalesce(ended_at, expires_at), expires_at) < ?""")
                    .params(tenant.value(), Timestamp.from(now))
                    .query((rs, n) -> rs.getObject(1) == null ? null : rs.getObject(1, OffsetDateTime.class).toInstant())
                    .optional().orElse(null);
            Timestamp deviceCut = Timestamp.from(now.minus(DEVICE_CODES));
            int deletedDevices = jdbc.sql("delete from identity_device_authorization where tenant_id = ? and expires_at < ?")
                    .params(tenant.value(), deviceCut).update();
            Instant oldestDevice = jdbc.sql("""
                    select min(expires_at) from identity_device_authorization where tenant_id = ? and expires_at < ?""")
                    .params(tenant.value(), Timestamp.from(now))
                    .query((rs, n) -> rs.getObject(1) == null ? null : rs.getObject(1, OffsetDateTime.class).toInstant())
                    .optional().orElse(null);
            return List.of(new RetentionOutcome("identity", "identity_session", "deleted", deletedSessions, sessions,
                            oldestSession),
                    new RetentionOutcome("identity", "identity_device_authorization", "deleted", deletedDevices,
                            DEVICE_CODES, oldestDevice));
        });
    }
}
