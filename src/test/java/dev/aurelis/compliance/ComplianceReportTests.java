package dev.aurelis.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.audit.AuditQuery;
import dev.aurelis.audit.AuditTrail;
import dev.aurelis.configuration.ConfigurationLoader;
import dev.aurelis.storage.DurableEvents;
import dev.aurelis.storage.SingletonWork;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.testing.AccessTestBase;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A SOC 2 report on a deployment where a person signs in with a password and no second factor: the MFA control fails
 * and names them with a link to their record; the other controls carry their evidence. Automated checks report the
 * failure once and publish it.
 */
class ComplianceReportTests extends AccessTestBase {

    @Autowired
    ComplianceReports reports;
    @Autowired
    AuditTrail trail;
    @Autowired
    Organizations organizations;
    @Autowired
    SingletonWork singleton;
    @Autowired
    DurableEvents durableEvents;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aSoc2ReportNamesThePersonWithoutASecondFactor() {
        String email = unique("no-mfa") + "@example.com";
        HttpResponse<String> local = admin("PUT", "/api/v1/local-accounts",
                "{\"email\":\"" + email + "\",\"password\":\"a long enough passphrase 42\"}");
        assertThat(local.statusCode()).as(local.body()).isEqualTo(200);

        HttpResponse<String> response = admin("GET", "/api/v1/compliance/report?framework=SOC2&period=2026-Q4", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = json(response.body());

        assertThat(report.path("framework").asString()).isEqualTo("SOC2");
        assertThat(report.path("period").asString()).isEqualTo("2026-Q4");
        assertThat(report.path("from").asString()).isEqualTo("2026-10-01T00:00:00Z");
        JsonNode mfa = control(report, "access.mfa");
        assertThat(mfa.path("status").asString()).isEqualTo("fail");
        assertThat(mfa.path("references").valueStream().map(JsonNode::asString)).contains("CC6.1");
        JsonNode named = mfa.path("evidence").valueStream().filter(e -> e.path("value").asString().equals(email))
                .findFirst().orElseThrow();
        assertThat(named.path("description").asString()).isEqualTo("local password without a second factor");
        assertThat(named.path("href").asString()).startsWith("/api/v1/users/");
        assertThat(report.path("summary").path("fail").asInt()).isPositive();

        JsonNode integrity = control(report, "audit.integrity");
        assertThat(integrity.path("status").asString()).as(integrity.toString()).isEqualTo("pass");
        assertThat(control(report, "audit.retention").path("status").asString()).isEqualTo("pass");
        assertThat(control(report, "access.rbac").path("status").asString()).isEqualTo("pass");
        // GDPR's erasure control is not part of SOC 2
        assertThat(report.path("controls").valueStream().map(c -> c.path("id").asString())).doesNotContain("gdpr.erasure");
    }

    @Test
    void theRetentionControlHoldsEachFrameworkToItsOwnMinimum() {
        JsonNode hipaa = json(admin("GET", "/api/v1/compliance/report?framework=HIPAA&period=2026", null).body());
        JsonNode retention = control(hipaa, "audit.retention");
        assertThat(retention.path("status").asString()).isEqualTo("fail");
        assertThat(retention.path("reason").asString()).contains("365 days").contains("2190");

        JsonNode gdpr = json(admin("GET", "/api/v1/compliance/report?framework=gdpr&period=2026-11", null).body());
        // GDPR asks for minimisation, not a minimum retention: the control is not part of its report
        assertThat(gdpr.path("controls").valueStream().map(c -> c.path("id").asString())).doesNotContain("audit.retention");
        assertThat(control(gdpr, "gdpr.erasure").path("status").asString()).isEqualTo("not_applicable");
    }

    @Test
    void theReportIsAlsoAPrintablePage() {
        String email = unique("printed") + "@example.com";
        admin("PUT", "/api/v1/local-accounts", "{\"email\":\"" + email + "\",\"password\":\"a long enough passphrase 42\"}");

        HttpResponse<String> page = admin("GET", "/api/v1/compliance/report?framework=SOC2&format=html", null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).contains("<table").contains("access.mfa").contains(email)
                .contains("class=\"fail\"").contains("href=\"/api/v1/audit/verify\"");
    }

    @Test
    void badFrameworksAndPeriodsAreTheCallersError() {
        assertThat(admin("GET", "/api/v1/compliance/report?framework=PCI", null).statusCode()).isEqualTo(400);
        assertThat(admin("GET", "/api/v1/compliance/report?period=2026-Q5", null).statusCode()).isEqualTo(400);
        assertThat(admin("GET", "/api/v1/compliance/report?period=2026-13", null).statusCode()).isEqualTo(400);
        assertThat(admin("GET", "/api/v1/compliance/report?format=pdf", null).statusCode()).isEqualTo(400);
    }

    @Test
    void automatedChecksReportAFailingControlOnceAndPublishIt() {
        admin("PUT", "/api/v1/local-accounts", "{\"email\":\"" + unique("unchecked") + "@example.com\","
                + "\"password\":\"a long enough passphrase 42\"}");
        ComplianceChecks checks = new ComplianceChecks(ComplianceSettings.of(ConfigurationLoader.load("""
                organization: { tenant_id: "tenant-access" }
                compliance:
                  frameworks: ["SOC2"]
                  automated_compliance_checks: true
                """, Map.of())), reports, organizations, singleton, trail, durableEvents, jdbc);

        List<ComplianceViolation> first = checks.check(TENANT);
        List<ComplianceViolation> second = checks.check(TENANT);

        assertThat(first).anySatisfy(v -> {
            assertThat(v.control()).isEqualTo("access.mfa");
            assertThat(v.framework()).isEqualTo("SOC2");
        });
        assertThat(second).noneMatch(v -> v.control().equals("access.mfa"));
        assertThat(published(ComplianceViolation.class)).anyMatch(v -> v.control().equals("access.mfa"));
        assertThat(trail.count(TENANT, new AuditQuery(null, null, null, "compliance", "compliance.violation",
                "control:access.mfa", null, null, true))).isEqualTo(1);
    }

    @Test
    void scheduledChecksRunOnlyWhenTheSettingAsksForThem() {
        ComplianceChecks off = new ComplianceChecks(ComplianceSettings.of(ConfigurationLoader.load("""
                organization: { tenant_id: "tenant-access" }
                compliance: { frameworks: ["HIPAA"], automated_compliance_checks: false }
                """, Map.of())), reports, organizations, singleton, trail, durableEvents, jdbc);

        off.run();

        assertThat(trail.count(TENANT, new AuditQuery(null, null, null, "compliance", null, "control:audit.retention",
                null, null, true))).isZero();
    }

    private static JsonNode control(JsonNode report, String id) {
        return report.path("controls").valueStream().filter(c -> c.path("id").asString().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no control " + id + " in " + report));
    }
}
