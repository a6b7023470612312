package dev.aurelis.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aurelis.AurelisApplication;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A notice queued by a process that stops before delivering it (here: one whose delivery never comes round) is
 * delivered, once, by the next process that starts on the same database.
 */
class OutboxRestartTests {

    @Test
    void aNoticeQueuedBeforeARestartIsDeliveredAfterIt() throws Exception {
        try (HttpSink slack = HttpSink.slack()) {
            String db = TestDatabase.createDatabase("aurelis_outbox_restart_" + ProcessHandle.current().pid());
            Path config = Files.createTempFile("aurelis-outbox-restart", ".yaml");
            Files.writeString(config, """
                    organization: { name: "Restart", id: "tenant-restart", tenant_id: "tenant-restart" }
                    alerts:
                      channels:
                        slack_ops: { type: slack, url: "%s" }
                    """.formatted(slack.url("/services/T1/B1/restart")));
            TenantId tenant = TenantId.of("tenant-restart");
            UUID queued;
            // the first process delivers only once an hour: it stops with the notice still in the outbox
            try (ConfigurableApplicationContext first = start(db, config, "3600000")) {
                queued = first.getBean(Notifications.class).send(tenant, "slack_ops", new Notice("k-restart",
                        Notice.Kind.FIRING, "critical", "queued before the restart", "", null, Map.of()));
            }
            assertThat(slack.requests()).isEmpty();

            try (ConfigurableApplicationContext second = start(db, config, "100")) {
                Notifications notifications = second.getBean(Notifications.class);
                await().atMost(Duration.ofSeconds(30)).until(() -> notifications.recentDeliveries(tenant, 10).stream()
                        .anyMatch(d -> d.id().equals(queued) && d.deliveredAt() != null));
                assertThat(slack.requests()).hasSize(1);
                assertThat(slack.requests().getFirst().body()).contains("queued before the restart");
            }
        }
    }

    private static ConfigurableApplicationContext start(String db, Path config, String deliveryInterval)
            throws Exception {
        Path dataDir = Files.createTempDirectory("aurelis-outbox-restart");
        return new SpringApplicationBuilder(AurelisApplication.class).run("--server.port=0",
                "--aurelis.db.url=" + db, "--aurelis.db.user=postgres", "--aurelis.db.password=",
                "--aurelis.db.pool-size=4", "--aurelis.data-dir=" + dataDir, "--aurelis.config=" + config,
                "--aurelis.alerting.delivery-interval-ms=" + deliveryInterval);
    }
}
