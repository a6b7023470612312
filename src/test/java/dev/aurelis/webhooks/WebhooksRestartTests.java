package dev.aurelis.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aurelis.AurelisApplication;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.testing.TestDatabase;
import dev.aurelis.webhooks.delivery.Fanout;
import dev.aurelis.webhooks.events.WebhookEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A message enqueued by a process that stops before sending it is delivered, once, by the next process on the same
 * database; and while {@code advanced_features.webhook_support} is false nothing is enqueued and no subscription
 * can be made, yet what was queued before waits rather than being lost.
 */
class WebhooksRestartTests {

    static final String ADMIN_KEY = "aur-test-webhooks-restart-admin-key-0123456789";
    static final TenantId TENANT = TenantId.of("tenant-hooks-restart");

    @Test
    void aMessageQueuedBeforeARestartIsDeliveredAfterItAndTheSwitchStopsWebhooks() throws Exception {
        try (Receiver receiver = new Receiver()) {
            String db = TestDatabase.createDatabase("aurelis_webhooks_restart_" + ProcessHandle.current().pid());
            Path dataDir = Files.createTempDirectory("aurelis-webhooks-restart"); // the keyring that opens the secrets
            Path on = config("");
            Path off = config("advanced_features: { webhook_support: false }\n");
            String email = "restart-" + System.nanoTime() + "@example.com";
            UUID subscription;
            // the first process delivers once an hour: it stops with the message still in the outbox
            try (ConfigurableApplicationContext first = start(db, dataDir, on, "3600000")) {
                Webhooks webhooks = first.getBean(Webhooks.class);
                subscription = webhooks.create(TENANT, receiver.url(), List.of("key.issued"), null, true, null,
                        "test").subscription().id();
                HttpResponse<String> key = call(first, "POST", "/api/v1/keys",
                        "{\"user\":\"" + email + "\",\"team\":\"restart\"}");
                assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
                await().atMost(Duration.ofSeconds(30)).until(() -> webhooks.deliveries(TENANT, subscription, 10).size() == 1);
            }
            assertThat(receiver.messages()).isEmpty();

            try (ConfigurableApplicationContext switchedOff = start(db, dataDir, off, "3600000")) {
                HttpResponse<String> refused = call(switchedOff, "POST", "/api/v1/webhooks",
                        "{\"url\":\"" + receiver.url() + "\",\"event_types\":[\"*\"]}");
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
                assertThat(refused.body()).contains("advanced_features.webhook_support");
                int enqueued = switchedOff.getBean(Fanout.class).publish(new WebhookEvent(TENANT,
                        EventType.KEY_ISSUED, UUID.randomUUID().toString(), null, Instant.now(), Map.of()));
                assertThat(enqueued).isZero();
                Delivery waiting = switchedOff.getBean(Webhooks.class).deliveries(TENANT, subscription, 10).getFirst();
                assertThat(waiting.status()).isEqualTo("pending");
            }

            try (ConfigurableApplicationContext second = start(db, dataDir, on, "100")) {
                Webhooks webhooks = second.getBean(Webhooks.class);
                await().atMost(Duration.ofSeconds(30)).until(() -> webhooks.deliveries(TENANT, subscription, 10)
                        .getFirst().status().equals("delivered"));
                assertThat(receiver.messages()).hasSize(1);
                assertThat(receiver.messages().getFirst().body()).contains(email);
            }
        }
    }

    private static Path config(String extra) throws Exception {
        Path config = Files.createTempFile("aurelis-webhooks-restart", ".yaml");
        Files.writeString(config, """
                organization: { name: "Restart", id: "tenant-hooks-restart", tenant_id: "tenant-hooks-restart" }
                rbac:
                  user_groups:
                    restart: {}
                """ + extra);
        return config;
    }

    private static HttpResponse<String> call(ConfigurableApplicationContext context, String method, String path,
            String body) throws Exception {
        String port = context.getEnvironment().getProperty("local.server.port");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("authorization", "Bearer " + ADMIN_KEY).header("content-type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ConfigurableApplicationContext start(String db, Path dataDir, Path config, String deliveryInterval) {
        return new SpringApplicationBuilder(AurelisApplication.class).run("--server.port=0",
                "--aurelis.db.url=" + db, "--aurelis.db.user=postgres", "--aurelis.db.password=",
                "--aurelis.db.pool-size=4", "--aurelis.data-dir=" + dataDir, "--aurelis.config=" + config,
                "--aurelis.bootstrap-admin-key=" + ADMIN_KEY,
                "--aurelis.webhooks.delivery-interval-ms=" + deliveryInterval);
    }
}
