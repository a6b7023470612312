package dev.aurelis.audit.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.audit.AuditDraft;
import dev.aurelis.audit.AuditQuery;
import dev.aurelis.audit.AuditTrail;
import dev.aurelis.audit.SecurityEventDetected;
import dev.aurelis.audit.chain.AuditLog;
import dev.aurelis.identity.Users;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.testing.AccessTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code security.security_monitoring} finds repeated failures, refusal bursts, mass key creation and self-grants. */
class SecurityMonitorTests extends AccessTestBase {

    @Autowired
    AuditLog auditLog;
    @Autowired
    AuditTrail trail;
    @Autowired
    Users users;

    @Test
    void fiveFailedSignInsOfOneAccountAreReportedOnce() {
        TenantId tenant = TenantId.of("tenant-monitor-sign-in");
        SecurityMonitor monitor = new SecurityMonitor(auditLog, users, () -> true);
        monitor.scan(tenant);
        trail.record(tenant, repeat(tenant, "sign_in", "sign_in.failed", "eve@example.com", 4));
        trail.record(tenant, repeat(tenant, "sign_in", "sign_in.failed", "bob@example.com", 2));
        assertThat(monitor.scan(tenant)).isEmpty();

        trail.record(tenant, repeat(tenant, "sign_in", "sign_in.failed", "eve@example.com", 1));
        List<SecurityEventDetected> found = monitor.scan(tenant);

        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.rule()).isEqualTo("sign_in.repeated_failures");
            assertThat(d.subject()).isEqualTo("eve@example.com");
            assertThat(d.count()).isEqualTo(5);
        });
        assertThat(trail.count(tenant, new AuditQuery(null, null, null, "security",
                "security.sign_in.repeated_failures", "eve@example.com", null, null, true))).isEqualTo(1);
        // more failures within the window do not report again
        trail.record(tenant, repeat(tenant, "sign_in", "sign_in.failed", "eve@example.com", 3));
        assertThat(monitor.scan(tenant)).isEmpty();
    }

    @Test
    void burstsOfRefusalsAndMassKeyCreationAreReported() {
        TenantId tenant = TenantId.of("tenant-monitor-bursts");
        SecurityMonitor monitor = new SecurityMonitor(auditLog, users, () -> true);
        monitor.scan(tenant);
        trail.record(tenant, repeat(tenant, "access", "access.refused", "mallory@example.com", 10));
        trail.record(tenant, repeat(tenant, "admin", "key.issued", null, 20));

        assertThat(monitor.scan(tenant)).extracting(SecurityEventDetected::rule)
                .containsExactlyInAnyOrder("access.refusal_burst", "key.mass_creation");
    }

    @Test
    void aRoleGrantedToOneselfIsReported() {
        String email = unique("self") + "@example.com";
        newKey("{\"user\":\"" + email + "\",\"team\":\"platform\"}");
        UUID id = TenantContext.call(TENANT, () -> users.idOf(TENANT, email)).orElseThrow();
        SecurityMonitor monitor = new SecurityMonitor(auditLog, users, () -> true);
        monitor.scan(TENANT);
        trail.record(TENANT, List.of(AuditDraft.of(TENANT.value(), "admin", "role.granted", email, "user:" + id,
                AuditDraft.SUCCESS, Map.of("role", "admin", "user_id", id.toString()))));

        assertThat(monitor.scan(TENANT)).anySatisfy(d -> {
            assertThat(d.rule()).isEqualTo("role.self_grant");
            assertThat(d.subject()).isEqualTo(email);
        });
    }

    @Test
    void nothingIsReportedWhenMonitoringIsOff() {
        TenantId tenant = TenantId.of("tenant-monitor-off");
        SecurityMonitor monitor = new SecurityMonitor(auditLog, users, () -> false);
        monitor.scan(tenant);
        trail.record(tenant, repeat(tenant, "sign_in", "sign_in.failed", "eve@example.com", 10));

        assertThat(monitor.scan(tenant)).isEmpty();
        assertThat(trail.count(tenant, new AuditQuery(null, null, null, "security", null, null, null, null, true))).isZero();
    }

    private static List<AuditDraft> repeat(TenantId tenant, String category, String action, String actor, int times) {
        List<AuditDraft> drafts = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            drafts.add(AuditDraft.of(tenant.value(), category, action, actor, null,
                    action.equals("key.issued") ? AuditDraft.SUCCESS : AuditDraft.FAILURE, Map.of("n", i)));
        }
        return drafts;
    }
}
