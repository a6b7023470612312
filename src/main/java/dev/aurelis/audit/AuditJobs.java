package dev.aurelis.audit;

import dev.aurelis.audit.chain.AuditRetention;
import dev.aurelis.audit.chain.Checkpoints;
import dev.aurelis.audit.intake.ExchangeRecorder;
import dev.aurelis.storage.BackgroundWork;
import dev.aurelis.storage.SingletonWork;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The trail's scheduled work, on one replica at a time: every few seconds it records the exchanges the ledger feed
 * has; every {@code aurelis.audit.checkpoint-interval} (a minute) it signs each chain's head; once an hour it applies
 * {@code audit.retention_days}.
 */
@Component
class AuditJobs {

    private static final Logger log = LoggerFactory.getLogger(AuditJobs.class);
    private static final Duration RETENTION_EVERY = Duration.ofHours(1);

    private final SingletonWork singleton;
    private final Organizations organizations;
    private final ExchangeRecorder exchanges;
    private final Checkpoints checkpoints;
    private final AuditRetention retention;
    private final AuditTrail trail;
    private final AuditSettings settings;
    private final Duration checkpointEvery;
    private final Clock clock;
    private volatile Instant lastCheckpoint = Instant.EPOCH;
    private volatile Instant lastRetention = Instant.EPOCH;

    AuditJobs(SingletonWork singleton, Organizations organizations, ExchangeRecorder exchanges, Checkpoints checkpoints,
            AuditRetention retention, AuditTrail trail, AuditSettings settings,
            @Value("${aurelis.audit.checkpoint-interval:60s}") Duration checkpointEvery, Optional<Clock> clock) {
        this.singleton = singleton;
        this.organizations = organizations;
        this.exchanges = exchanges;
        this.checkpoints = checkpoints;
        this.retention = retention;
        this.trail = trail;
        this.settings = settings;
        this.checkpointEvery = checkpointEvery;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @Scheduled(scheduler = BackgroundWork.SCHEDULER, initialDelayString = "${aurelis.audit.interval-ms:5000}",
            fixedDelayString = "${aurelis.audit.interval-ms:5000}")
    void run() {
        try {
            singleton.runIfFree("audit-trail", () -> {
                Instant now = clock.instant();
                for (TenantId tenant : organizations.tenants()) {
                    exchanges.catchUp(tenant);
                }
                if (Duration.between(lastCheckpoint, now).compareTo(checkpointEvery) >= 0) {
                    signCheckpoints();
                    lastCheckpoint = now;
                }
                if (Duration.between(lastRetention, now).compareTo(RETENTION_EVERY) >= 0) {
                    applyRetention(now);
                    lastRetention = now;
                }
            });
        } catch (RuntimeException e) {
            log.error("The audit trail's scheduled work failed; it runs again shortly", e);
        }
    }

    void signCheckpoints() {
        organizations.tenants().forEach(checkpoints::sign);
    }

    /** Removes whole segments older than the retention, and records that it did in the trail itself. */
    void applyRetention(Instant now) {
        for (TenantId tenant : organizations.tenants()) {
            applyRetention(tenant, now);
        }
    }

    /** Removes the tenant's segments older than {@code audit.retention_days}; returns the last number removed. */
    long applyRetention(TenantId tenant, Instant now) {
        Duration keep = settings.retention();
        Instant cutoff = now.minus(keep);
        long through = retention.removeBefore(tenant, cutoff);
        if (through > 0) {
            log.info("Audit retention removed the entries of tenant '{}' up to {} (recorded before {})", tenant,
                    through, cutoff);
            trail.record(tenant, List.of(AuditDraft.of(tenant.value(), "audit", "audit.retention_applied", "aurelis",
                    "audit", AuditDraft.SUCCESS, Map.of("removed_through_seq", through, "cutoff", cutoff.toString(),
                            "retention_days", keep.toDays()))));
        }
        return through;
    }
}
