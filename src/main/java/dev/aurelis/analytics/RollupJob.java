package dev.aurelis.analytics;

import dev.aurelis.analytics.rollup.Rollups;
import dev.aurelis.spend.LedgerRetention;
import dev.aurelis.storage.BackgroundWork;
import dev.aurelis.storage.SingletonWork;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the rollups up to date and applies the retentions, on one replica at a time: every few seconds the replica
 * holding the lock folds what the ledger feed has; once an hour it drops what has outlived
 * {@code analytics.raw_data_retention_days} (ledger records and hourly rollups) and
 * {@code aggregated_data_retention_days} (daily rollups).
 */
@Component
class RollupJob {

    private static final Logger log = LoggerFactory.getLogger(RollupJob.class);
    private static final Duration RETENTION_EVERY = Duration.ofHours(1);

    private final Rollups rollups;
    private final SingletonWork singleton;
    private final Organizations organizations;
    private final LedgerRetention ledgerRetention;
    private final AnalyticsSettings settings;
    private final Clock clock;
    private volatile Instant lastRetention = Instant.EPOCH;

    RollupJob(Rollups rollups, SingletonWork singleton, Organizations organizations, LedgerRetention ledgerRetention,
            AnalyticsSettings settings, Optional<Clock> clock) {
        this.rollups = rollups;
        this.singleton = singleton;
        this.organizations = organizations;
        this.ledgerRetention = ledgerRetention;
        this.settings = settings;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @Scheduled(scheduler = BackgroundWork.SCHEDULER,
            initialDelayString = "${aurelis.analytics.rollup-interval-ms:5000}",
            fixedDelayString = "${aurelis.analytics.rollup-interval-ms:5000}")
    void run() {
        try {
            singleton.runIfFree("analytics-rollups", () -> {
                rollups.catchUpAll();
                Instant now = clock.instant();
                if (Duration.between(lastRetention, now).compareTo(RETENTION_EVERY) >= 0) {
                    applyRetention(now);
                    lastRetention = now;
                }
            });
        } catch (RuntimeException e) {
            log.error("The analytics rollup job failed; it runs again shortly", e);
        }
    }

    /** Drops what has outlived its retention, for every organisation. */
    void applyRetention(Instant now) {
        AnalyticsSettings.Policy policy = settings.policy();
        if (policy.rawRetention() == null && policy.aggregatedRetention() == null) {
            return;
        }
        for (TenantId tenant : organizations.tenants()) {
            ZoneId zone = rollups.zoneOf(tenant);
            Instant rawCutoff = policy.rawRetention() == null ? null
                    : now.minus(policy.rawRetention()).truncatedTo(ChronoUnit.HOURS);
            if (rawCutoff != null) {
                ledgerRetention.purgeBefore(tenant, rawCutoff);
            }
            rollups.expire(tenant, rawCutoff, policy.aggregatedRetention() == null ? null
                    : now.minus(policy.aggregatedRetention()).atZone(zone).toLocalDate());
        }
    }
}
