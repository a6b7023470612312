package dev.aurelis.audit.stream;

import dev.aurelis.audit.AuditSettings;
import dev.aurelis.audit.chain.AuditLog;
import dev.aurelis.storage.BackgroundWork;
import dev.aurelis.storage.SingletonWork;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.TenantId;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Streams every organisation's trail to {@code audit.real_time_export.destination} when it is enabled, every second,
 * on one replica, and publishes the entries not yet delivered as the gauge {@code aurelis_audit_export_backlog}.
 * A destination that cannot be used as written stops the start with the reason.
 */
@Component
class StreamingJob {

    private static final Logger log = LoggerFactory.getLogger(StreamingJob.class);

    private final Optional<AuditStreamer> streamer;
    private final SingletonWork singleton;
    private final Organizations organizations;
    private final AtomicLong backlog = new AtomicLong();

    StreamingJob(AuditSettings settings, AuditLog auditLog, JdbcClient jdbc, SingletonWork singleton,
            Organizations organizations, MeterRegistry meters, Optional<Clock> clock,
            @Value("${aurelis.audit.splunk-hec-token:${AURELIS_SPLUNK_HEC_TOKEN:}}") String hecToken,
            @Value("${aurelis.audit.webhook-secret:${AURELIS_AUDIT_WEBHOOK_SECRET:}}") String webhookSecret) {
        this.streamer = AuditStreamer.of(settings, new Destinations.Secrets(hecToken, webhookSecret), hostname(),
                auditLog, jdbc, clock.orElse(Clock.systemUTC()));
        this.singleton = singleton;
        this.organizations = organizations;
        streamer.ifPresent(s -> {
            Gauge.builder("aurelis_audit_export_backlog", backlog, AtomicLong::get)
                    .description("Audit entries recorded but not yet delivered to the real-time destination")
                    .tag("destination", s.destination()).register(meters);
            log.info("Streaming the audit trail to {}", s.destination());
        });
    }

    @Scheduled(scheduler = BackgroundWork.SCHEDULER, initialDelayString = "${aurelis.audit.stream-interval-ms:1000}",
            fixedDelayString = "${aurelis.audit.stream-interval-ms:1000}")
    void run() {
        streamer.ifPresent(s -> {
            try {
                singleton.runIfFree("audit-stream", () -> {
                    long pending = 0;
                    for (TenantId tenant : organizations.tenants()) {
                        s.deliver(tenant);
                        pending += s.backlog(tenant);
                    }
                    backlog.set(pending);
                });
            } catch (RuntimeException e) {
                log.error("Streaming the audit trail failed; it runs again shortly", e);
            }
        });
    }

    static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "aurelis";
        }
    }
}
