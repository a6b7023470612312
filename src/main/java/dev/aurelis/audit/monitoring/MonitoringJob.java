package dev.aurelis.audit.monitoring;

import dev.aurelis.audit.chain.AuditLog;
import dev.aurelis.configuration.ActiveConfiguration;
import dev.aurelis.identity.Users;
import dev.aurelis.storage.BackgroundWork;
import dev.aurelis.storage.DurableEvents;
import dev.aurelis.storage.SingletonWork;
import dev.aurelis.tenancy.Organizations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Security monitoring ({@code security.security_monitoring}): every few seconds, on one replica, the monitor reads the
 * trail's new entries; each detection is recorded and published as a
 * {@link dev.aurelis.audit.SecurityEventDetected} for alerting.
 */
@Component
class MonitoringJob {

    private static final Logger log = LoggerFactory.getLogger(MonitoringJob.class);

    private final SecurityMonitor monitor;
    private final SingletonWork singleton;
    private final Organizations organizations;
    private final DurableEvents events;

    MonitoringJob(AuditLog auditLog, Users users, ActiveConfiguration configuration, SingletonWork singleton,
            Organizations organizations, DurableEvents events) {
        this.monitor = new SecurityMonitor(auditLog, users, () -> configuration.config().security().securityMonitoring());
        this.singleton = singleton;
        this.organizations = organizations;
        this.events = events;
    }

    @Scheduled(scheduler = BackgroundWork.SCHEDULER, initialDelayString = "${aurelis.audit.monitor-interval-ms:5000}",
            fixedDelayString = "${aurelis.audit.monitor-interval-ms:5000}")
    void run() {
        try {
            singleton.runIfFree("audit-monitor", () -> organizations.tenants().forEach(tenant ->
                    monitor.scan(tenant).forEach(detected -> {
                        log.warn("Security monitoring: {} for {} in '{}' ({} within {}s)", detected.rule(),
                                detected.subject(), tenant, detected.count(), detected.windowSeconds());
                        events.publish(detected);
                    })));
        } catch (RuntimeException e) {
            log.error("Security monitoring failed; it runs again shortly", e);
        }
    }
}
