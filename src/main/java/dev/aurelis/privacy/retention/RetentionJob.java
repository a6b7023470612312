package dev.aurelis.privacy.retention;

import dev.aurelis.privacy.DataProtectionSettings;
import dev.aurelis.privacy.RetainedData;
import dev.aurelis.privacy.Retention;
import dev.aurelis.privacy.RetentionApplied;
import dev.aurelis.privacy.RetentionOutcome;
import dev.aurelis.storage.BackgroundWork;
import dev.aurelis.storage.SingletonWork;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies the retention policies hourly, on one replica at a time, while {@code security.retention_policies} or
 * {@code compliance.retention_policies} is on: every module's {@link RetainedData} drops what is past its policy;
 * the run is published ({@link RetentionApplied}, recorded by the audit trail) and kept for the compliance check,
 * which fails while a store still holds data older than its policy.
 */
@Component
public class RetentionJob implements Retention {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final ObjectProvider<RetainedData> stores;
    private final DataProtectionSettings settings;
    private final Organizations organizations;
    private final SingletonWork singleton;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Map<TenantId, List<RetentionOutcome>> last = new ConcurrentHashMap<>();

    RetentionJob(ObjectProvider<RetainedData> stores, DataProtectionSettings settings, Organizations organizations,
            SingletonWork singleton, ApplicationEventPublisher events, PlatformTransactionManager transactions,
            Optional<Clock> clock) {
        this.stores = stores;
        this.settings = settings;
        this.organizations = organizations;
        this.singleton = singleton;
        this.events = events;
        this.transactions = new TransactionTemplate(transactions);
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @Scheduled(scheduler = BackgroundWork.SCHEDULER, fixedDelayString = "${aurelis.privacy.retention-interval:1h}",
            initialDelayString = "${aurelis.privacy.retention-interval:1h}")
    void scheduled() {
        if (!settings.policy().retentionPolicies()) {
            return;
        }
        singleton.runIfFree("privacy.retention", () -> organizations.tenants().forEach(this::run));
    }

    /** Applies every store's policy for {@code tenant} now; returns what each did (nothing while policies are off). */
    @Override
    public List<RetentionOutcome> run(TenantId tenant) {
        if (!settings.policy().retentionPolicies()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<RetentionOutcome> outcomes = new ArrayList<>();
        stores.orderedStream().forEach(store -> outcomes.addAll(store.applyRetention(tenant, now)));
        last.put(tenant, List.copyOf(outcomes));
        List<String> applied = outcomes.stream().filter(o -> o.rows() > 0)
                .map(o -> o.module() + "." + o.store() + ": " + o.action() + " " + o.rows()).toList();
        List<String> overdue = outcomes.stream().filter(o -> o.overdue(now))
                .map(o -> o.module() + "." + o.store() + " holds data from " + o.oldestKept()
                        + ", older than its policy of " + o.policy().toDays() + " days").toList();
        if (!overdue.isEmpty()) {
            log.warn("Retention of {}: {}", tenant.value(), overdue);
        }
        RetentionApplied event = new RetentionApplied(tenant.value(), now, applied, overdue);
        TenantContext.run(tenant, () -> transactions.executeWithoutResult(status -> events.publishEvent(event)));
        return outcomes;
    }

    /** What the last run for {@code tenant} found, if it ran since start. */
    @Override
    public Optional<List<RetentionOutcome>> lastRun(TenantId tenant) {
        return Optional.ofNullable(last.get(tenant));
    }

    @Override
    public boolean enabled() {
        return settings.policy().retentionPolicies();
    }

    @Override
    public Instant now() {
        return clock.instant();
    }
}
