package dev.aurelis.audit.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aurelis.audit.AuditSettings;
import dev.aurelis.audit.AuditTrail;
import dev.aurelis.audit.chain.AuditLog;
import dev.aurelis.configuration.Audit;
import dev.aurelis.identity.KeyIssued;
import dev.aurelis.spend.LedgerFeed;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.testing.AccessTestBase;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** {@code audit.enabled} and {@code audit.log_level} decide what is recorded. */
class RecordingSettingsTests extends AccessTestBase {

    @Autowired
    AuditLog auditLog;
    @Autowired
    AuditTrail trail;
    @Autowired
    PreviousState previous;
    @Autowired
    LedgerFeed feed;
    @Autowired
    JdbcClient jdbc;

    private static Audit audit(Boolean enabled, String logLevel) {
        return new Audit(enabled, false, false, logLevel, null, null, null);
    }

    @Test
    void nothingIsRecordedWhenTheTrailIsSwitchedOff() {
        TenantId off = TenantId.of("tenant-audit-off");
        TenantId on = TenantId.of("tenant-audit-on");
        KeyIssued issued = new KeyIssued(off.value(), UUID.randomUUID(), "aur-abc", "someone@example.com", null);

        new EventRecorder(auditLog, AuditSettings.of(audit(false, null)), previous).record(issued);
        new EventRecorder(auditLog, AuditSettings.of(audit(null, null)), previous)
                .record(new KeyIssued(on.value(), UUID.randomUUID(), "aur-def", "someone@example.com", null));

        assertThat(trail.head(off)).isZero();
        assertThat(trail.head(on)).isEqualTo(1);
    }

    @Test
    void dataMinimisationLeavesTheCallersAddressAndUserAgentOut() {
        TenantId minimised = TenantId.of("tenant-audit-minimised");
        TenantId full = TenantId.of("tenant-audit-full");

        new EventRecorder(auditLog, AuditSettings.of(audit(null, null), true), previous).record(new AdminRequestRecorded(
                minimised.value(), "admin@example.com", "POST", "/api/v1/keys", 201, "203.0.113.9", "curl/8.5"));
        new EventRecorder(auditLog, AuditSettings.of(audit(null, null), false), previous).record(new AdminRequestRecorded(
                full.value(), "admin@example.com", "POST", "/api/v1/keys", 201, "203.0.113.9", "curl/8.5"));

        var kept = auditLog.after(minimised, 0, 10);
        assertThat(kept).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("admin@example.com");
            assertThat(e.sourceIp()).isNull();
            assertThat(e.userAgent()).isNull();
            assertThat(e.details()).doesNotContain("203.0.113.9").doesNotContain("curl");
        });
        assertThat(auditLog.after(full, 0, 10)).singleElement().satisfies(e -> {
            assertThat(e.sourceIp()).isEqualTo("203.0.113.9");
            assertThat(e.userAgent()).isEqualTo("curl/8.5");
        });
    }

    @Test
    void everyExchangeIsRecordedAtTheDetailedLevelWithItsMetadataButNotItsContent() {
        String email = unique("exchanging") + "@example.com";
        String key = newKey("{\"user\":\"" + email + "\",\"team\":\"platform\"}");
        assertThat(openAi("/v1/chat/completions", key, CHAT).statusCode()).isEqualTo(200);

        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode page = json(admin("GET", "/api/v1/audit?category=exchange&actor=" + email, null).body());
            found[0] = page.path("entries").path(0);
            return !found[0].isMissingNode();
        });
        JsonNode entry = found[0];
        assertThat(entry.path("action").asString()).isEqualTo("exchange.completed");
        assertThat(entry.path("target").asString()).isEqualTo("model:gpt-4o-mini");
        assertThat(entry.path("details").path("request_id").asString()).isNotBlank();
        assertThat(entry.path("details").path("status").asInt()).isEqualTo(200);
        assertThat(entry.path("details").path("team").asString()).isEqualTo("platform");
        assertThat(entry.toString()).doesNotContain("\"hi\"");
    }

    @Test
    void exchangesAreNotRecordedBelowTheDetailedLevel() {
        String key = newKey("{\"user\":\"" + unique("standard") + "@example.com\",\"team\":\"platform\"}");
        assertThat(openAi("/v1/chat/completions", key, CHAT).statusCode()).isEqualTo(200);
        ExchangeRecorder standard = new ExchangeRecorder(feed, auditLog, AuditSettings.of(audit(true, "standard")), jdbc);

        // the ledger holds the exchange, yet a recorder at the standard level reads none of it
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !feed.after(TENANT, dev.aurelis.spend.LedgerCursor.START, 1).records().isEmpty());
        assertThat(standard.catchUp(TENANT)).isZero();
    }
}
