package dev.aurelis.alerting;

import dev.aurelis.alerting.rules.AlertNotifier;
import dev.aurelis.alerting.rules.AlertStore;
import dev.aurelis.alerting.rules.Expression;
import dev.aurelis.alerting.rules.RuleBook;
import dev.aurelis.alerting.rules.RuleDefinition;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The alerts of an organisation: the episodes rules raised (and those raised by hand), their acknowledgement, and
 * silences. Acknowledging stops re-notification, tells the alert's channels (PagerDuty acknowledges the incident)
 * and publishes {@link AlertAcknowledged}; silencing publishes {@link AlertSilenced}.
 */
@Component
public class Alerts {

    /** The rule name of alerts raised by hand through the API. */
    public static final String MANUAL = "manual";
    private static final Duration MAX_SILENCE = Duration.ofDays(90);

    private final AlertStore store;
    private final RuleBook rules;
    private final AlertNotifier notifier;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Alerts(AlertStore store, RuleBook rules, AlertNotifier notifier, TransactionTemplate transactions,
            ApplicationEventPublisher events, Optional<Clock> clock) {
        this.store = store;
        this.rules = rules;
        this.notifier = notifier;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** Episodes newest first, in {@code state} (pending, firing, resolved) or all when null. */
    public List<Alert> list(TenantId tenant, String state, int limit) {
        if (state != null && !List.of(Alert.PENDING, Alert.FIRING, Alert.RESOLVED).contains(state)) {
            throw new IllegalArgumentException("'state' is pending, firing or resolved.");
        }
        return store.list(tenant, state, limit);
    }

    public Optional<Alert> find(TenantId tenant, UUID id) {
        return store.find(tenant, id);
    }

    /** Acknowledges a firing alert; false when it is not firing or was acknowledged already. */
    public boolean acknowledge(TenantId tenant, UUID id, String by) {
        Instant now = clock.instant();
        Alert alert = store.find(tenant, id).orElseThrow(() -> new NoSuchElementException("No alert " + id + "."));
        RuleDefinition rule = definition(alert);
        return Boolean.TRUE.equals(TenantContext.call(tenant, () -> transactions.execute(status -> {
            if (!store.acknowledge(tenant, id, by, now)) {
                return false;
            }
            events.publishEvent(new AlertAcknowledged(id, tenant.value(), alert.rule(), alert.group(), by, now));
            notifier.notify(tenant, rule, store.find(tenant, id).orElseThrow(), Notice.Kind.ACKNOWLEDGED,
                    "acknowledged", now);
            return true;
        })));
    }

    /**
     * Raises an alert by hand: it fires at once and goes to {@code actions} (routes or channels); it resolves only
     * by hand ({@link #resolveManual}).
     */
    public Alert raise(TenantId tenant, String summary, String severity, String group, List<String> actions,
            String by) {
        if (summary == null || summary.isBlank()) {
            throw new IllegalArgumentException("'summary' is required: what people should know.");
        }
        String level = Severities.normalize(severity);
        String subject = group == null || group.isBlank() ? "organization" : group.strip();
        if (!subject.equals("organization") && !subject.matches("(department|team|user|model|provider)=.+")) {
            throw new IllegalArgumentException("'group' is organization or one of department=, team=, user=, "
                    + "model=, provider= followed by a name.");
        }
        RuleDefinition rule = manual(level, actions == null ? List.of() : actions);
        Instant now = clock.instant();
        return TenantContext.call(tenant, () -> transactions.execute(status -> {
            if (store.open(tenant, MANUAL, subject).isPresent()) {
                throw new IllegalArgumentException("An alert raised by hand for " + subject + " is open already.");
            }
            Alert pending = store.startPending(tenant, MANUAL, subject, level, summary.strip(), null, now,
                    Map.of("raised_by", by, "actions", String.join(", ", rule.actions())));
            store.fire(tenant, pending.id(), now, summary.strip(), null, Map.of());
            Alert fired = store.find(tenant, pending.id()).orElseThrow();
            events.publishEvent(new AlertFired(fired.id(), tenant.value(), MANUAL, subject, level, summary.strip(),
                    null, now));
            notifier.notify(tenant, rule, fired, Notice.Kind.FIRING, "fired", now);
            return fired;
        }));
    }

    /** Resolves an alert raised by hand. */
    public Alert resolveManual(TenantId tenant, UUID id) {
        Alert alert = store.find(tenant, id).orElseThrow(() -> new NoSuchElementException("No alert " + id + "."));
        if (!alert.rule().equals(MANUAL)) {
            throw new IllegalArgumentException("Alert " + id + " comes from rule '" + alert.rule() + "': it resolves "
                    + "when its condition stops holding. Silence or acknowledge it instead.");
        }
        Instant now = clock.instant();
        return TenantContext.call(tenant, () -> transactions.execute(status -> {
            if (store.resolve(tenant, id, now)) {
                events.publishEvent(new AlertResolved(id, tenant.value(), MANUAL, alert.group(), alert.firedAt(), now));
                notifier.notify(tenant, definition(alert), store.find(tenant, id).orElseThrow(), Notice.Kind.RESOLVED,
                        "resolved", now);
            }
            return store.find(tenant, id).orElseThrow();
        }));
    }

    public Silence silence(TenantId tenant, String rule, String group, Duration duration, String reason, String by) {
        if (rule != null && !rule.equals(MANUAL) && rules.rule(rule).isEmpty()) {
            throw new IllegalArgumentException("No alert rule '" + rule + "'; rules: " + String.join(", ", ruleNames()) + ".");
        }
        if (duration == null || duration.isNegative() || duration.isZero() || duration.compareTo(MAX_SILENCE) > 0) {
            throw new IllegalArgumentException("'duration' is required, from 1m to 90d, e.g. 2h.");
        }
        Instant now = clock.instant();
        return TenantContext.call(tenant, () -> transactions.execute(status -> {
            Silence silence = store.addSilence(tenant, rule, group, now, now.plus(duration), reason, by, now);
            events.publishEvent(new AlertSilenced(silence.id(), tenant.value(), rule, group, silence.endsAt(), reason,
                    by, now));
            return silence;
        }));
    }

    public List<Silence> silences(TenantId tenant) {
        return store.silences(tenant, clock.instant());
    }

    public boolean unsilence(TenantId tenant, UUID id) {
        return store.removeSilence(tenant, id);
    }

    /** The rules in force: name, condition, duration, severity, actions, grouping and where the rule comes from. */
    public List<Map<String, Object>> rules() {
        return rules.rules().stream().map(r -> Map.<String, Object>of("name", r.name(),
                "condition", r.condition().toString(), "duration", r.duration().toString(), "severity", r.severity(),
                "actions", r.actions(), "automations", r.automations(), "group_by", r.groupBy(),
                "renotify_interval", r.renotify().toString(), "source", r.origin())).toList();
    }

    private List<String> ruleNames() {
        return rules.rules().stream().map(RuleDefinition::name).toList();
    }

    private RuleDefinition definition(Alert alert) {
        if (alert.rule().equals(MANUAL)) {
            Object actions = alert.details().get("actions");
            return manual(alert.severity(), actions == null || actions.toString().isBlank() ? List.of()
                    : List.of(actions.toString().split(",\\s*")));
        }
        return rules.rule(alert.rule()).orElseGet(() -> manual(alert.severity(), List.of()));
    }

    private static RuleDefinition manual(String severity, List<String> actions) {
        return new RuleDefinition(MANUAL, Expression.parse(null, "1 > 0", Set.of()), Duration.ZERO, severity,
                List.copyOf(actions), Set.of(), "organization", Duration.ofDays(3650), RuleDefinition.Kind.USAGE,
                "api", null);
    }
}
