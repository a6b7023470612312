package dev.aurelis.alerting.rules;

import dev.aurelis.alerting.Alert;
import dev.aurelis.configuration.ActiveConfiguration;
import dev.aurelis.spend.BudgetState;
import dev.aurelis.spend.Budgets;
import dev.aurelis.spend.LedgerFeed;
import dev.aurelis.spend.LedgerRetention;
import dev.aurelis.spend.SpendGuard;
import dev.aurelis.storage.BackgroundWork;
import dev.aurelis.storage.SingletonWork;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.TenantId;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Evaluates the rules every few seconds ({@code aurelis.alerting.evaluation-interval-ms}, default 5000). Every
 * replica follows the ledger feed into its windows; one replica at a time (a PostgreSQL advisory lock) evaluates,
 * learns the baselines of the hour just past, and moves each episode along pending → firing → resolved
 * ({@link Episodes} records each transition, publishes its event and queues its notices in one transaction). Episode
 * state lives in the database, so another replica that takes over carries on where this one stopped.
 */
@Component
public class Evaluator {

    private static final Logger log = LoggerFactory.getLogger(Evaluator.class);
    static final String LOCK = "alerting-evaluation";
    private static final Duration RETENTION_EVERY = Duration.ofMinutes(1);

    private final RuleBook rules;
    private final UsageWindows windows;
    private final Baselines baselines;
    private final AlertStore store;
    private final Episodes episodes;
    private final Investigations investigations;
    private final SingletonWork singleton;
    private final Organizations organizations;
    private final Budgets budgets;
    private final SpendGuard guard;
    private final LedgerFeed feed;
    private final LedgerRetention retention;
    private final Integer policyDays;
    private final Clock clock;
    private final long minRequests;
    private final Map<String, Instant> retentionChecked = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Optional<Double>> retentionDays = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Instant learnedHour;

    Evaluator(RuleBook rules, UsageWindows windows, Baselines baselines, AlertStore store, Episodes episodes,
            Investigations investigations, SingletonWork singleton, Organizations organizations, Budgets budgets, SpendGuard guard,
            LedgerFeed feed, LedgerRetention retention, ActiveConfiguration configuration, Optional<Clock> clock,
            @Value("${aurelis.alerting.min-requests:10}") long minRequests) {
        this.rules = rules;
        this.windows = windows;
        this.baselines = baselines;
        this.store = store;
        this.episodes = episodes;
        this.investigations = investigations;
        this.singleton = singleton;
        this.organizations = organizations;
        this.budgets = budgets;
        this.guard = guard;
        this.feed = feed;
        this.retention = retention;
        this.policyDays = configuration.config().analytics().rawDataRetentionDays();
        this.clock = clock.orElse(Clock.systemUTC());
        this.minRequests = minRequests;
        Set<String> groupings = new LinkedHashSet<>();
        boolean latency = false;
        for (RuleDefinition rule : rules.rules()) {
            if (rule.kind() == RuleDefinition.Kind.USAGE) {
                groupings.add(rule.groupBy());
                latency |= rule.condition().names().stream().anyMatch(n -> n.startsWith("latency_"));
            }
        }
        windows.track(groupings, latency);
    }

    @Scheduled(scheduler = BackgroundWork.SCHEDULER,
            initialDelayString = "${aurelis.alerting.evaluation-interval-ms:5000}",
            fixedDelayString = "${aurelis.alerting.evaluation-interval-ms:5000}")
    void run() {
        if (rules.rules().isEmpty()) {
            return;
        }
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.error("Alert evaluation failed; it runs again shortly", e);
        }
    }

    /** One round: follow the feed, then evaluate if no other replica is. Returns whether this replica evaluated. */
    public boolean runOnce() {
        Instant now = clock.instant();
        boolean usage = rules.rules().stream().anyMatch(r -> r.kind() == RuleDefinition.Kind.USAGE);
        for (TenantId tenant : organizations.tenants()) {
            if (usage) {
                windows.catchUp(tenant, now);
            }
        }
        windows.prune(now);
        return singleton.runIfFree(LOCK, () -> evaluateAll(now));
    }

    private void evaluateAll(Instant now) {
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        boolean learn = rules.anomalyDetection() && !hour.equals(learnedHour);
        baselines.refresh();
        for (TenantId tenant : organizations.tenants()) {
            try {
                if (learn) {
                    learnBaselines(tenant, hour.minus(Duration.ofHours(1)));
                }
                evaluate(tenant, now);
            } catch (RuntimeException e) {
                log.error("Could not evaluate the alert rules of tenant '{}'", tenant, e);
            }
        }
        if (learn) {
            learnedHour = hour;
        }
    }

    /** Learns, for every baseline rule's signal and group, the rate of the hour that started at {@code hourStart}. */
    void learnBaselines(TenantId tenant, Instant hourStart) {
        for (RuleDefinition rule : rules.rules()) {
            if (!rule.usesBaseline()) {
                continue;
            }
            String signal = rule.condition().signal();
            for (String group : windows.groups(tenant, rule.groupBy())) {
                windows.hourlyRate(tenant, rule.groupBy(), group, signal, hourStart)
                        .ifPresent(rate -> baselines.learn(tenant, signal, group, hourStart, rate));
            }
        }
        baselines.refresh();
    }

    /** Evaluates every rule of {@code tenant} at {@code now}. */
    public void evaluate(TenantId tenant, Instant now) {
        for (RuleDefinition rule : rules.rules()) {
            switch (rule.kind()) {
                case USAGE -> evaluateUsage(tenant, rule, now);
                case BUDGET -> evaluateBudgets(tenant, rule, now);
                case RETENTION -> evaluateRetention(tenant, rule, now);
            }
        }
    }

    private void evaluateUsage(TenantId tenant, RuleDefinition rule, Instant now) {
        Set<String> groups = new LinkedHashSet<>(windows.groups(tenant, rule.groupBy()));
        store.openOf(tenant, rule.name()).forEach(a -> groups.add(a.group()));
        String signal = rule.condition().signal();
        for (String group : groups) {
            Optional<Expression.Outcome> outcome = rule.condition().evaluate(name -> name.equals(Signals.BASELINE)
                    ? baselines.baseline(tenant, signal, group, now)
                    : windows.value(tenant, rule.groupBy(), group, name, now, minRequests));
            step(tenant, rule, group, outcome, now, Map.of());
        }
    }

    private void evaluateBudgets(TenantId tenant, RuleDefinition rule, Instant now) {
        for (Alert alert : store.openOf(tenant, rule.name())) {
            Object budgetId = alert.details().get("budget_id");
            Optional<BudgetState> state = budgetId == null ? Optional.empty()
                    : budgets.find(tenant.value(), UUID.fromString(budgetId.toString())).map(guard::state);
            boolean samePeriod = state.isPresent()
                    && String.valueOf(alert.details().get("period_key")).equals(state.get().status().periodKey());
            Optional<Expression.Outcome> outcome = samePeriod
                    ? Optional.of(new Expression.Outcome(value(alert), 0, true)) : Optional.empty();
            step(tenant, rule, alert.group(), outcome, now, Map.of());
        }
    }

    private static double value(Alert alert) {
        return alert.value() == null ? 0 : alert.value().doubleValue();
    }

    private void evaluateRetention(TenantId tenant, RuleDefinition rule, Instant now) {
        Instant checked = retentionChecked.get(tenant.value());
        if (checked == null || now.isBefore(checked) || Duration.between(checked, now).compareTo(RETENTION_EVERY) >= 0) {
            retentionDays.put(tenant.value(), feed.earliest(tenant)
                    .map(oldest -> Duration.between(oldest, now).toMinutes() / (24.0 * 60)));
            retentionChecked.put(tenant.value(), now);
        }
        Optional<Double> age = retentionDays.getOrDefault(tenant.value(), Optional.empty());
        Optional<Expression.Outcome> outcome = rule.condition().evaluate(name -> switch (name) {
            case Signals.DATA_RETENTION -> age.isPresent() ? age : Optional.of(0.0);
            case Signals.POLICY_LIMIT -> policyDays == null ? Optional.empty() : Optional.of(policyDays.doubleValue());
            default -> Optional.empty();
        });
        step(tenant, rule, "organization", outcome, now, Map.of());
    }

    /** Moves one rule's episode for one group along, given whether its condition holds now. */
    void step(TenantId tenant, RuleDefinition rule, String group, Optional<Expression.Outcome> outcome, Instant now,
            Map<String, Object> details) {
        boolean holds = outcome.map(Expression.Outcome::holds).orElse(false);
        Optional<Alert> open = store.open(tenant, rule.name(), group);
        if (!holds) {
            open.ifPresent(alert -> episodes.end(tenant, rule, alert, now));
            return;
        }
        Expression.Outcome o = outcome.get();
        String summary = rule.kind() == RuleDefinition.Kind.BUDGET && open.isPresent() ? open.get().summary()
                : summary(rule, group, o);
        BigDecimal value = decimal(o.value());
        Alert alert = open.orElseGet(() -> store.startPending(tenant, rule.name(), group, rule.severity(), summary,
                value, now, details));
        if (alert.state().equals(Alert.PENDING)) {
            if (Duration.between(alert.pendingSince(), now).compareTo(rule.duration()) >= 0) {
                fire(tenant, rule, alert, summary, value, now);
            }
        } else if (alert.acknowledgedAt() == null && alert.lastNotifiedAt() != null
                && Duration.between(alert.lastNotifiedAt(), now).compareTo(rule.renotify()) >= 0) {
            episodes.renotify(tenant, rule, alert, value, now);
        }
    }

    private void fire(TenantId tenant, RuleDefinition rule, Alert alert, String summary, BigDecimal value, Instant now) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (rule.automations().contains(RuleDefinition.INVESTIGATE)) {
            details.putAll(investigations.topContributors(tenant, alert.group(), now));
        }
        if (rule.automations().contains(RuleDefinition.AUTO_REMEDIATE) && policyDays != null) {
            long purged = retention.purgeBefore(tenant, now.minus(Duration.ofDays(policyDays)));
            details.put("remediated", "removed " + purged + " usage records older than " + policyDays + " days");
            retentionChecked.remove(tenant.value());
        }
        episodes.fire(tenant, rule, alert, summary, value, details, now);
    }

    static String summary(RuleDefinition rule, String group, Expression.Outcome o) {
        String signal = rule.condition().signal();
        boolean share = signal.equals(Signals.ERROR_RATE) || signal.equals(Signals.BUDGET_USED);
        return signal + " is " + show(o.value(), share) + " (threshold " + show(o.threshold(), share) + ")"
                + (group.equals("organization") ? "" : " for " + group);
    }

    private static String show(double v, boolean share) {
        return share ? Expression.number(Math.round(v * 10000) / 100.0) + "%" : Expression.number(v);
    }

    private static BigDecimal decimal(double v) {
        return Double.isFinite(v) ? BigDecimal.valueOf(v).round(new java.math.MathContext(12)) : null;
    }
}
