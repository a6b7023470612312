package dev.aurelis.alerting.rules;

import dev.aurelis.alerting.Alert;
import dev.aurelis.alerting.AlertFired;
import dev.aurelis.alerting.AlertResolved;
import dev.aurelis.alerting.Notice;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transitions of an episode, each in one transaction: the row changes only if it is still in the state this
 * replica saw (so two evaluators never both fire or resolve it), the past-tense event is published (recorded by the
 * event publication registry) and the notices are queued in the outbox.
 */
@Component
class Episodes {

    private static final Logger log = LoggerFactory.getLogger(Episodes.class);

    private final AlertStore store;
    private final AlertNotifier notifier;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;

    Episodes(AlertStore store, AlertNotifier notifier, TransactionTemplate transactions,
            ApplicationEventPublisher events) {
        this.store = store;
        this.notifier = notifier;
        this.transactions = transactions;
        this.events = events;
    }

    void fire(TenantId tenant, RuleDefinition rule, Alert alert, String summary, BigDecimal value,
            Map<String, Object> details, Instant now) {
        boolean fired = Boolean.TRUE.equals(TenantContext.call(tenant, () -> transactions.execute(status -> {
            if (!store.fire(tenant, alert.id(), now, summary, value, details)) {
                return false;
            }
            Alert firing = store.find(tenant, alert.id()).orElseThrow();
            events.publishEvent(new AlertFired(firing.id(), tenant.value(), rule.name(), firing.group(), rule.severity(),
                    summary, value, now));
            notifier.notify(tenant, rule, firing, Notice.Kind.FIRING, "fired", now);
            return true;
        })));
        if (fired) {
            log.warn("Alert {} fired for {} in tenant '{}': {}", rule.name(), alert.group(), tenant, summary);
        }
    }

    void resolve(TenantId tenant, RuleDefinition rule, Alert alert, Instant now) {
        boolean resolved = Boolean.TRUE.equals(TenantContext.call(tenant, () -> transactions.execute(status -> {
            if (!store.resolve(tenant, alert.id(), now)) {
                return false;
            }
            Alert done = store.find(tenant, alert.id()).orElseThrow();
            events.publishEvent(new AlertResolved(alert.id(), tenant.value(), rule.name(), alert.group(),
                    alert.firedAt(), now));
            notifier.notify(tenant, rule, done, Notice.Kind.RESOLVED, "resolved", now);
            return true;
        })));
        if (resolved) {
            log.info("Alert {} resolved for {} in tenant '{}'", rule.name(), alert.group(), tenant);
        }
    }

    /** Ends an open episode whatever its state: a pending one is dropped, a firing one resolved. */
    void end(TenantId tenant, RuleDefinition rule, Alert alert, Instant now) {
        if (alert.state().equals(Alert.PENDING)) {
            store.dropPending(tenant, alert.id());
        } else {
            resolve(tenant, rule, alert, now);
        }
    }

    void renotify(TenantId tenant, RuleDefinition rule, Alert alert, BigDecimal value, Instant now) {
        TenantContext.run(tenant, () -> transactions.executeWithoutResult(status -> {
            if (store.renotified(tenant, alert.id(), alert.lastNotifiedAt(), now, value)) {
                notifier.notify(tenant, rule, alert, Notice.Kind.FIRING, "renotify:" + now.getEpochSecond(), now);
            }
        }));
    }
}
