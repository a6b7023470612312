package dev.aurelis.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.aurelis.audit.chain.AuditRetention;
import dev.aurelis.audit.chain.Checkpoints;
import dev.aurelis.configuration.Audit;
import dev.aurelis.identity.SignInFailed;
import dev.aurelis.storage.DurableEvents;
import dev.aurelis.storage.SystemDatabase;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.testing.AccessTestBase;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.IncompleteEventPublications;
import tools.jackson.databind.JsonNode;

/**
 * The trail records the modules' events with their particulars, cannot be changed by the application's role, and
 * its verification finds an edited, removed or reordered entry (made directly in the database, as its owner), while a
 * chain cut by retention still verifies.
 */
class AuditTrailTests extends AccessTestBase {

    @Autowired
    AuditTrail trail;
    @Autowired
    Checkpoints checkpoints;
    @Autowired
    AuditRetention retention;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    @SystemDatabase
    DataSource owner;
    @Autowired
    DurableEvents durableEvents;
    @Autowired
    IncompleteEventPublications incomplete;
    @Autowired
    dev.aurelis.storage.SingletonWork singleton;
    @Autowired
    dev.aurelis.tenancy.Organizations organizations;
    @Autowired
    dev.aurelis.audit.intake.ExchangeRecorder exchanges;

    @Test
    void aKeyIssuedThroughTheAdminApiIsRecordedWithItsParticulars() {
        String email = unique("audited") + "@example.com";
        newKey("{\"user\":\"" + email + "\",\"team\":\"platform\"}");

        JsonNode entry = awaitEntry("action=key.issued", e -> e.path("details").path("user_email").asString().equals(email));
        assertThat(entry.path("category").asString()).isEqualTo("admin");
        assertThat(entry.path("outcome").asString()).isEqualTo("success");
        assertThat(entry.path("target").asString()).startsWith("key:");
        assertThat(entry.path("details").path("team").asString()).isEqualTo("platform");
        assertThat(entry.path("hash").asString()).hasSize(64);
    }

    @Test
    void everyChangingAdminCallIsRecordedWithItsSourceAndOutcome() {
        String email = unique("requested") + "@example.com";
        newKey("{\"user\":\"" + email + "\",\"team\":\"platform\"}");
        assertThat(admin("POST", "/api/v1/keys", "{\"team\":").statusCode()).isEqualTo(400);

        JsonNode issued = awaitEntry("action=api.request&target=POST%20/api/v1/keys&outcome=success", e -> true);
        assertThat(issued.path("category").asString()).isEqualTo("api");
        assertThat(issued.path("source_ip").asString()).isEqualTo("127.0.0.1");
        assertThat(issued.path("user_agent").asString()).isNotBlank();
        assertThat(issued.path("details").path("status").asInt()).isEqualTo(201);
        JsonNode refused = awaitEntry("action=api.request&target=POST%20/api/v1/keys&outcome=failure", e -> true);
        assertThat(refused.path("details").path("status").asInt()).isEqualTo(400);
    }

    @Test
    void aChangedRoleIsRecordedWithItsPermissionsBeforeAndAfter() {
        String name = unique("audited-role");
        assertThat(admin("POST", "/api/v1/roles", "{\"name\":\"" + name + "\",\"permissions\":[\"usage:read\"]}")
                .statusCode()).isEqualTo(201);
        awaitEntry("action=role.defined&target=role:" + name, e -> true);
        HttpResponse<String> changed = admin("PUT", "/api/v1/roles/" + name, "{\"permissions\":[\"usage:read\",\"keys:read\"]}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);

        JsonNode entry = awaitEntry("action=role.defined&target=role:" + name,
                e -> e.path("details").has("before"));
        assertThat(entry.path("details").path("before").path("permissions").valueStream().map(JsonNode::asString))
                .containsExactly("usage:read");
        assertThat(entry.path("details").path("after").path("permissions").valueStream().map(JsonNode::asString))
                .containsExactly("usage:read", "keys:read");
        assertThat(entry.path("actor").asString()).isNotBlank();
    }

    @Test
    void aRefusedAdminCallIsRecordedAsRefused() {
        String viewer = keyWithRole("viewer", "matrix");
        assertThat(call(viewer, "POST", "/api/v1/keys", "{\"user\":\"x@example.com\"}").statusCode()).isEqualTo(403);

        JsonNode entry = awaitEntry("action=access.refused&outcome=refused",
                e -> e.path("target").asString().equals("POST /api/v1/keys"));
        assertThat(entry.path("details").path("permission").asString()).isEqualTo("keys:manage");
    }

    @Test
    void theApplicationRoleCanNeitherChangeNorRemoveEntries() {
        TenantId tenant = TenantId.of("tenant-append-only");
        trail.record(tenant, drafts(tenant, 2));

        TenantContext.run(tenant, () -> {
            assertThatThrownBy(() -> jdbc.sql("update audit_entry set actor = 'someone else' where tenant_id = ?")
                    .param(tenant.value()).update()).rootCause().hasMessageContaining("permission denied");
            assertThatThrownBy(() -> jdbc.sql("delete from audit_entry where tenant_id = ?")
                    .param(tenant.value()).update()).rootCause().hasMessageContaining("permission denied");
            assertThatThrownBy(() -> jdbc.sql("update audit_checkpoint set seq = 0 where tenant_id = ?")
                    .param(tenant.value()).update()).rootCause().hasMessageContaining("permission denied");
        });
        // the owner is refused too, by the trigger
        assertThatThrownBy(() -> JdbcClient.create(owner).sql("update audit_entry set actor = 'x' where tenant_id = ?")
                .param(tenant.value()).update()).rootCause().hasMessageContaining("append-only");
        assertThat(trail.verify(tenant, 1).valid()).isTrue();
    }

    @Test
    void entriesAppendedWhileTheChainIsVerifiedDoNotBreakIt() throws Exception {
        TenantId tenant = TenantId.of("tenant-busy-chain");
        trail.record(tenant, drafts(tenant, 3));
        java.util.concurrent.CompletableFuture<Void> appending = java.util.concurrent.CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 150; i++) {
                trail.record(tenant, drafts(tenant, 3));
            }
        });
        java.util.List<Verification> seen = new java.util.ArrayList<>();
        while (!appending.isDone()) {
            seen.add(trail.verify(tenant, 1));
        }
        appending.get();
        seen.add(trail.verify(tenant, 1));

        assertThat(seen).allSatisfy(v -> assertThat(v.valid()).as(String.valueOf(v.problem())).isTrue());
        assertThat(seen.getLast().entries()).isEqualTo(453);
    }

    @Test
    void anEntryEditedInTheDatabaseBreaksVerificationAtThatEntry() {
        TenantId tenant = TenantId.of("tenant-edited");
        trail.record(tenant, drafts(tenant, 5));
        assertThat(trail.verify(tenant, 1)).satisfies(v -> {
            assertThat(v.valid()).isTrue();
            assertThat(v.entries()).isEqualTo(5);
        });

        asOwnerWithoutTriggers("update audit_entry set details = '{\"n\":99}' where tenant_id = 'tenant-edited' and seq = 3");

        Verification v = trail.verify(tenant, 1);
        assertThat(v.valid()).isFalse();
        assertThat(v.brokenSeq()).isEqualTo(3);
        assertThat(v.problem()).contains("changed");
    }

    @Test
    void anEntryRemovedInTheDatabaseBreaksVerificationWhereItWas() {
        TenantId tenant = TenantId.of("tenant-removed");
        trail.record(tenant, drafts(tenant, 5));

        asOwnerWithoutTriggers("delete from audit_entry where tenant_id = 'tenant-removed' and seq = 2");

        Verification v = trail.verify(tenant, 1);
        assertThat(v.valid()).isFalse();
        assertThat(v.brokenSeq()).isEqualTo(2);
    }

    @Test
    void theLastEntriesRemovedAreFoundByTheHeadAndTheCheckpoint() {
        TenantId tenant = TenantId.of("tenant-tail");
        trail.record(tenant, drafts(tenant, 4));
        checkpoints.sign(tenant);

        asOwnerWithoutTriggers("delete from audit_entry where tenant_id = 'tenant-tail' and seq >= 3");

        Verification v = trail.verify(tenant, 1);
        assertThat(v.valid()).isFalse();
        assertThat(v.brokenSeq()).isEqualTo(3);
    }

    @Test
    void entriesReorderedInTheDatabaseBreakVerification() {
        TenantId tenant = TenantId.of("tenant-reordered");
        trail.record(tenant, drafts(tenant, 5));

        // swap entries 2 and 4 (their numbers), as someone rewriting the order of events would
        asOwnerWithoutTriggers("update audit_entry set seq = -2 where tenant_id = 'tenant-reordered' and seq = 2",
                "update audit_entry set seq = 2 where tenant_id = 'tenant-reordered' and seq = 4",
                "update audit_entry set seq = 4 where tenant_id = 'tenant-reordered' and seq = -2");

        Verification v = trail.verify(tenant, 1);
        assertThat(v.valid()).isFalse();
        assertThat(v.brokenSeq()).isEqualTo(2);
    }

    @Test
    void aForgedCheckpointSignatureIsFound() {
        TenantId tenant = TenantId.of("tenant-forged");
        trail.record(tenant, drafts(tenant, 3));
        checkpoints.sign(tenant);

        asOwnerWithoutTriggers("update audit_checkpoint set signature = decode(repeat('00', 64), 'hex') "
                + "where tenant_id = 'tenant-forged'");

        Verification v = trail.verify(tenant, 1);
        assertThat(v.valid()).isFalse();
        assertThat(v.problem()).contains("signature");
    }

    @Test
    void aChainCutByRetentionStillVerifiesFromItsSignedCheckpoint() {
        TenantId tenant = TenantId.of("tenant-retained");
        trail.record(tenant, drafts(tenant, 5));
        checkpoints.sign(tenant);
        trail.record(tenant, drafts(tenant, 3));

        long removed = retention.removeBefore(tenant, Instant.now().plus(Duration.ofDays(1)));

        assertThat(removed).isEqualTo(5);
        Verification v = trail.verify(tenant, 1);
        assertThat(v.valid()).as(v.problem()).isTrue();
        assertThat(v.fromSeq()).isEqualTo(6);
        assertThat(v.toSeq()).isEqualTo(8);

        asOwnerWithoutTriggers("update audit_entry set actor = 'mallory' where tenant_id = 'tenant-retained' and seq = 7");
        assertThat(trail.verify(tenant, 1).brokenSeq()).isEqualTo(7);
    }

    @Test
    void retentionDaysDecideWhichSegmentsTheScheduledRetentionRemoves() {
        TenantId tenant = TenantId.of("tenant-retention-days");
        trail.record(tenant, drafts(tenant, 4));
        checkpoints.sign(tenant);
        AuditJobs jobs = new AuditJobs(singleton, organizations, exchanges, checkpoints, retention, trail,
                AuditSettings.of(new Audit(null, false, false, null, 30, null, null)), Duration.ofMinutes(1),
                java.util.Optional.empty());

        assertThat(jobs.applyRetention(tenant, Instant.now().plus(Duration.ofDays(29)))).isZero();
        assertThat(trail.verify(tenant, 1).fromSeq()).isEqualTo(1);

        assertThat(jobs.applyRetention(tenant, Instant.now().plus(Duration.ofDays(31)))).isEqualTo(4);
        Verification v = trail.verify(tenant, 1);
        assertThat(v.valid()).as(v.problem()).isTrue();
        // what is left: the entry saying retention was applied
        assertThat(v.fromSeq()).isEqualTo(5);
        assertThat(trail.read(tenant, AuditQuery.ALL, 10).entries()).singleElement()
                .satisfies(e -> assertThat(e.action()).isEqualTo("audit.retention_applied"));
    }

    @Test
    void exportFormatsOfferOnlyWhatTheSettingLists() {
        AuditSettings csvOnly = AuditSettings.of(new Audit(null, false, false, null, null, List.of("csv"), null));
        AuditSettings brief = AuditSettings.of(new Audit(null, false, false, null, null, List.of("json", "csv", "splunk"), null));
        AuditSettings unset = AuditSettings.of(new Audit(null, false, false, null, null, null, null));

        assertThat(csvOnly.exports("csv")).isTrue();
        assertThat(csvOnly.exports("jsonl")).isFalse();
        assertThat(csvOnly.exports("splunk")).isFalse();
        assertThat(brief.exports("jsonl")).isTrue();
        assertThat(brief.exports("splunk")).isTrue();
        assertThat(unset.exports("splunk")).isTrue();
    }

    @Test
    void anEventWhoseEntryCouldNotBeWrittenIsRecordedWhenDeliveredAgain() {
        String principal = unique("lost") + "@example.com";
        // the trail cannot write: the event's publication stays incomplete, as when the process dies first
        JdbcClient.create(owner).sql("revoke insert on audit_entry from aurelis_app").update();
        try {
            durableEvents.publish(new SignInFailed(TENANT.value(), "local", principal, "wrong password"));
            await().atMost(Duration.ofSeconds(10)).until(() -> JdbcClient.create(owner).sql(
                    "select count(*) from event_publication where completion_date is null and serialized_event like ?")
                    .param("%" + principal + "%").query(Long.class).single() == 1);
        } finally {
            JdbcClient.create(owner).sql("grant insert on audit_entry to aurelis_app").update();
        }

        // what a restart does (republish-outstanding-events-on-restart)
        incomplete.resubmitIncompletePublications(publication -> true);

        JsonNode entry = awaitEntry("action=sign_in.failed&actor=" + principal, e -> true);
        assertThat(entry.path("outcome").asString()).isEqualTo("failure");
        assertThat(entry.path("details").path("reason").asString()).isEqualTo("wrong password");
    }

    @Test
    void exportsWriteJsonLinesCsvAndSplunkEvents() {
        String email = unique("exported") + "@example.com";
        newKey("{\"user\":\"" + email + "\",\"team\":\"platform\"}");
        awaitEntry("action=key.issued", e -> e.path("details").path("user_email").asString().equals(email));

        HttpResponse<String> jsonl = admin("GET", "/api/v1/audit/export?format=jsonl&action=key.issued", null);
        assertThat(jsonl.statusCode()).isEqualTo(200);
        List<JsonNode> lines = jsonl.body().lines().map(AccessTestBase::json).toList();
        assertThat(lines).anySatisfy(l -> assertThat(l.path("details").path("user_email").asString()).isEqualTo(email));
        assertThat(lines).allSatisfy(l -> assertThat(l.path("action").asString()).isEqualTo("key.issued"));

        HttpResponse<String> csv = admin("GET", "/api/v1/audit/export?format=csv&action=key.issued", null);
        assertThat(csv.headers().firstValue("content-type").orElseThrow()).startsWith("text/csv");
        List<String> rows = csv.body().lines().toList();
        assertThat(rows.getFirst()).startsWith("seq,id,occurred_at,recorded_at,category,action,actor,target,outcome");
        assertThat(rows).anySatisfy(r -> assertThat(r).contains(email).contains("key.issued"));

        HttpResponse<String> splunk = admin("GET", "/api/v1/audit/export?format=splunk&action=key.issued", null);
        JsonNode event = splunk.body().lines().map(AccessTestBase::json).filter(e -> e.path("event").path("details")
                .path("user_email").asString().equals(email)).findFirst().orElseThrow();
        assertThat(event.path("sourcetype").asString()).isEqualTo("aurelis:audit");
        assertThat(event.path("time").isNumber()).isTrue();
        assertThat(event.path("host").asString()).isNotBlank();

        assertThat(admin("GET", "/api/v1/audit/export?format=xml", null).statusCode()).isEqualTo(400);
    }

    @Test
    void readingPagesWithACursorAndFilters() {
        TenantId tenant = TENANT;
        String actor = unique("pager") + "@example.com";
        List<AuditDraft> drafts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            drafts.add(AuditDraft.of(tenant.value(), "admin", "test.paged", actor, "thing:" + i, AuditDraft.SUCCESS,
                    Map.of("n", i)));
        }
        trail.record(tenant, drafts);

        JsonNode first = json(admin("GET", "/api/v1/audit?actor=" + actor + "&limit=2", null).body());
        assertThat(first.path("entries")).hasSize(2);
        assertThat(first.path("entries").get(0).path("target").asString()).isEqualTo("thing:4");
        JsonNode second = json(admin("GET", "/api/v1/audit?actor=" + actor + "&limit=2&cursor="
                + first.path("next_cursor").asString(), null).body());
        assertThat(second.path("entries").get(0).path("target").asString()).isEqualTo("thing:2");
        JsonNode third = json(admin("GET", "/api/v1/audit?actor=" + actor + "&limit=2&cursor="
                + second.path("next_cursor").asString(), null).body());
        assertThat(third.path("entries")).hasSize(1);
        assertThat(third.path("next_cursor").isNull() || third.path("next_cursor").isMissingNode()).isTrue();

        assertThat(admin("GET", "/api/v1/audit?cursor=nonsense", null).statusCode()).isEqualTo(400);
        assertThat(admin("GET", "/api/v1/audit?from=yesterday", null).statusCode()).isEqualTo(400);
        assertThat(admin("GET", "/api/v1/audit?limit=0", null).statusCode()).isEqualTo(400);
    }

    @Test
    void verificationThroughTheApiReportsAnIntactTrail() {
        JsonNode answer = json(admin("GET", "/api/v1/audit/verify", null).body());
        assertThat(answer.path("valid").asBoolean()).as(answer.toString()).isTrue();
    }

    private JsonNode awaitEntry(String query, java.util.function.Predicate<JsonNode> matches) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            JsonNode page = json(admin("GET", "/api/v1/audit?limit=200&" + query, null).body());
            found[0] = page.path("entries").valueStream().filter(matches).findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    private static List<AuditDraft> drafts(TenantId tenant, int count) {
        List<AuditDraft> drafts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            drafts.add(AuditDraft.of(tenant.value(), "admin", "test.recorded", "tester@example.com", "thing:" + i,
                    AuditDraft.SUCCESS, Map.of("n", i)));
        }
        return drafts;
    }

    /** Tampering as the database owner would: with the append-only triggers out of the way. */
    private void asOwnerWithoutTriggers(String... statements) {
        JdbcClient db = JdbcClient.create(owner);
        db.sql("alter table audit_entry disable trigger user").update();
        db.sql("alter table audit_checkpoint disable trigger user").update();
        try {
            for (String statement : statements) {
                db.sql(statement).update();
            }
        } finally {
            db.sql("alter table audit_entry enable trigger user").update();
            db.sql("alter table audit_checkpoint enable trigger user").update();
        }
    }
}
