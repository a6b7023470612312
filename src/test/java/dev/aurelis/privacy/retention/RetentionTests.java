package dev.aurelis.privacy.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.privacy.DataProtectionSettings;
import dev.aurelis.privacy.RetentionApplied;
import dev.aurelis.privacy.RetentionOutcome;
import dev.aurelis.storage.SingletonWork;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.testing.AccessTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.JsonNode;

/**
 * With retention policies on, the job drops sign-in records past their policy (sessions 30 days after they ended or
 * expired, device logins a day after they expired) and keeps the rest, publishes what it did for the audit trail,
 * and the compliance control passes; with the policies off it touches nothing. A store that still holds data older
 * than its policy fails the control.
 */
class RetentionTests extends AccessTestBase {

    @Autowired
    RetentionJob retention;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ObjectProvider<dev.aurelis.privacy.RetainedData> stores;
    @Autowired
    Organizations organizations;
    @Autowired
    SingletonWork singleton;
    @Autowired
    ApplicationEventPublisher publisher;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void sessionsAndDeviceLoginsPastTheirPolicyAreDroppedAndTheRestKept() {
        UUID user = newUserId();
        UUID endedLongAgo = session(user, "now() - interval '40 days'", "now() - interval '39 days'");
        UUID expiredLongAgo = session(user, null, "now() - interval '31 days'");
        UUID endedRecently = session(user, "now() - interval '10 days'", "now() + interval '1 day'");
        UUID active = session(user, null, "now() + interval '1 hour'");
        String oldDevice = device("now() - interval '2 days'");
        String liveDevice = device("now() + interval '10 minutes'");

        List<RetentionOutcome> outcomes = retention.run(TENANT);

        assertThat(sessionExists(endedLongAgo)).isFalse();
        assertThat(sessionExists(expiredLongAgo)).isFalse();
        assertThat(sessionExists(endedRecently)).isTrue();
        assertThat(sessionExists(active)).isTrue();
        assertThat(deviceExists(oldDevice)).isFalse();
        assertThat(deviceExists(liveDevice)).isTrue();
        assertThat(outcomes).anySatisfy(o -> {
            assertThat(o.store()).isEqualTo("identity_session");
            assertThat(o.rows()).isGreaterThanOrEqualTo(2);
            assertThat(o.overdue(Instant.now())).isFalse();
        });
        assertThat(published(RetentionApplied.class)).anySatisfy(e -> {
            assertThat(e.tenantId()).isEqualTo(TENANT.value());
            assertThat(e.applied()).anyMatch(line -> line.startsWith("identity.identity_session: deleted"));
            assertThat(e.overdue()).isEmpty();
        });
        JsonNode report = json(admin("GET", "/api/v1/compliance/report?framework=SOC2", null).body());
        JsonNode control = report.path("controls").valueStream()
                .filter(c -> c.path("id").asString().equals("privacy.retention")).findFirst().orElseThrow();
        assertThat(control.path("status").asString()).as(control.toString()).isEqualTo("pass");
    }

    @Test
    void withRetentionPoliciesOffNothingIsDropped() {
        UUID user = newUserId();
        UUID endedLongAgo = session(user, "now() - interval '40 days'", "now() - interval '39 days'");
        DataProtectionSettings off = new DataProtectionSettings();
        off.configure(DataProtectionSettings.Policy.OFF);
        RetentionJob job = new RetentionJob(stores, off, organizations, singleton, publisher, transactions,
                Optional.empty());

        assertThat(job.run(TENANT)).isEmpty();
        job.scheduled();

        assertThat(sessionExists(endedLongAgo)).isTrue();
    }

    @Test
    void aStoreStillHoldingDataOlderThanItsPolicyIsOverdue() {
        Instant now = Instant.now();
        RetentionOutcome kept = new RetentionOutcome("identity", "identity_session", "deleted", 0, Duration.ofDays(30),
                now.minus(Duration.ofDays(31)));
        RetentionOutcome fine = new RetentionOutcome("identity", "identity_session", "deleted", 3, Duration.ofDays(30),
                now.minus(Duration.ofDays(29)));

        assertThat(kept.overdue(now)).isTrue();
        assertThat(fine.overdue(now)).isFalse();
    }

    private UUID newUserId() {
        String email = unique("retained") + "@example.com";
        newKey("{\"user\":\"" + email + "\",\"team\":\"platform\"}");
        return TenantContext.call(TENANT, () -> jdbc.sql("select id from identity_user where tenant_id = ? and email = ?")
                .params(TENANT.value(), email).query(UUID.class).single());
    }

    private UUID session(UUID user, String endedAt, String expiresAt) {
        UUID id = UUID.randomUUID();
        TenantContext.run(TENANT, () -> jdbc.sql("insert into identity_session (tenant_id, id, token_hash, user_id, "
                        + "method, mfa, expires_at, ended_at) values (?, ?, ?, ?, 'oidc', 'passed', " + expiresAt + ", "
                        + (endedAt == null ? "null" : endedAt) + ")")
                .params(TENANT.value(), id, id.toString().getBytes(), user).update());
        return id;
    }

    private String device(String expiresAt) {
        String code = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        TenantContext.run(TENANT, () -> jdbc.sql("insert into identity_device_authorization (tenant_id, device_code_hash, "
                        + "user_code, client_id, status, interval_seconds, expires_at) values (?, ?, ?, 'cli', 'denied', 5, "
                        + expiresAt + ")")
                .params(TENANT.value(), code.getBytes(), code).update());
        return code;
    }

    private boolean sessionExists(UUID id) {
        return TenantContext.call(TENANT, () -> jdbc.sql("select count(*) from identity_session where tenant_id = ? and id = ?")
                .params(TENANT.value(), id).query(Long.class).single()) == 1;
    }

    private boolean deviceExists(String code) {
        return TenantContext.call(TENANT, () -> jdbc.sql("select count(*) from identity_device_authorization "
                + "where tenant_id = ? and user_code = ?").params(TENANT.value(), code).query(Long.class).single()) == 1;
    }
}
