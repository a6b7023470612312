package dev.aurelis.alerting.rules;

import dev.aurelis.alerting.Severities;
import dev.aurelis.alerting.channels.ChannelDirectory;
import dev.aurelis.alerting.channels.ChannelType;
import dev.aurelis.alerting.channels.Destination;
import dev.aurelis.configuration.ActiveConfiguration;
import dev.aurelis.configuration.AlertRules;
import dev.aurelis.configuration.AurelisConfig;
import dev.aurelis.configuration.ConfigurationProblem;
import dev.aurelis.configuration.CostManagement;
import dev.aurelis.configuration.InvalidConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The rules in force: those of {@code alerts.rules}, compiled and checked (a rule that cannot be evaluated stops
 * start-up with its path and the reason), and the built-in ones the brief's switches ask for when no configured rule
 * covers the same ground: budget alerts ({@code cost_management.alerts}), the unusual-usage rule
 * ({@code advanced_features.anomaly_detection}) and the threat rule ({@code security.threat_detection}).
 */
@Component
public class RuleBook {

    private static final Logger log = LoggerFactory.getLogger(RuleBook.class);
    static final Set<String> GROUPS = Set.of("organization", "department", "team", "user", "model", "provider");
    static final Duration DEFAULT_RENOTIFY = Duration.ofHours(4);

    private final List<RuleDefinition> rules;
    private final boolean anomalyDetection;

    public RuleBook(ActiveConfiguration configuration, ChannelDirectory directory) {
        AurelisConfig config = configuration.config();
        AlertRules alerts = config.alerts();
        this.anomalyDetection = config.advancedFeatures().anomalyDetection();
        Duration renotify = alerts.renotifyInterval() == null ? DEFAULT_RENOTIFY : alerts.renotifyInterval();
        CostManagement.Alerts budgetAlerts = config.costManagement().alerts();
        Set<String> budgetKinds = budgetKinds(budgetAlerts);
        List<ConfigurationProblem> problems = new ArrayList<>();
        List<RuleDefinition> compiled = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < alerts.rules().size(); i++) {
            AlertRules.Rule rule = alerts.rules().get(i);
            String path = "alerts.rules[" + i + "]";
            if (!names.add(rule.name())) {
                problems.add(new ConfigurationProblem(path + ".name", "another rule is named '" + rule.name() + "'", 0));
                continue;
            }
            compile(rule, path, renotify, budgetKinds, directory, problems).ifPresent(compiled::add);
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(configuration.source() == null ? "configuration"
                    : configuration.source().toString(), problems);
        }
        builtIns(config, compiled, renotify, budgetKinds, directory);
        this.rules = List.copyOf(compiled);
        List<String> unrouted = rules.stream().flatMap(r -> r.actions().stream()
                .filter(a -> !directory.isRoute(a)).map(a -> r.name() + ": " + a)).toList();
        if (!unrouted.isEmpty()) {
            log.warn("Alert actions that name no route or channel (alerts record them, nobody is notified): {}; "
                    + "define them under alerts.routes", String.join(", ", unrouted));
        }
    }

    /** The channel kinds budget alerts may use; null when cost_management.alerts says nothing. */
    private static Set<String> budgetKinds(CostManagement.Alerts alerts) {
        if (alerts.emailEnabled() == null && alerts.slackEnabled() == null && alerts.teamsEnabled() == null) {
            return null;
        }
        Set<String> kinds = new LinkedHashSet<>(Set.of("pagerduty", "webhook"));
        if (!Boolean.FALSE.equals(alerts.emailEnabled())) {
            kinds.add("email");
        }
        if (!Boolean.FALSE.equals(alerts.slackEnabled())) {
            kinds.add("slack");
        }
        if (!Boolean.FALSE.equals(alerts.teamsEnabled())) {
            kinds.add("teams");
        }
        return Set.copyOf(kinds);
    }

    private Optional<RuleDefinition> compile(AlertRules.Rule rule, String path, Duration renotify,
            Set<String> budgetKinds, ChannelDirectory directory, List<ConfigurationProblem> problems) {
        Expression condition;
        try {
            condition = Expression.parse(rule.metric(), rule.condition(), Signals.ALL.keySet());
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigurationProblem(path + ".condition", e.getMessage(), 0));
            return Optional.empty();
        }
        RuleDefinition.Kind kind = kindOf(condition);
        if (kind == null) {
            problems.add(new ConfigurationProblem(path + ".condition", "mixes signals of different sources: budget "
                    + "signals (monthly_spend, budget), retention (data_retention, policy_limit) and usage signals "
                    + "go in rules of their own", 0));
            return Optional.empty();
        }
        if (condition.names().contains(Signals.BASELINE) && !anomalyDetection) {
            problems.add(new ConfigurationProblem(path + ".condition", "compares with a learned baseline, which needs "
                    + "advanced_features.anomaly_detection: true", 0));
            return Optional.empty();
        }
        if (condition.names().equals(Set.of(Signals.BASELINE))) {
            problems.add(new ConfigurationProblem(path + ".condition", "baseline is the normal of a signal: compare a "
                    + "signal with it, e.g. requests_per_minute > baseline * 3", 0));
            return Optional.empty();
        }
        String severity;
        try {
            severity = Severities.normalize(rule.severity());
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigurationProblem(path + ".severity", e.getMessage(), 0));
            return Optional.empty();
        }
        String groupBy = rule.groupBy() == null ? (condition.names().contains(Signals.BASELINE) ? "team" : "organization")
                : rule.groupBy().strip().toLowerCase(Locale.ROOT);
        if (!GROUPS.contains(groupBy)) {
            problems.add(new ConfigurationProblem(path + ".group_by", "'" + rule.groupBy() + "' is not a grouping: use "
                    + String.join(", ", GROUPS), 0));
            return Optional.empty();
        }
        List<String> actions = new ArrayList<>();
        Set<String> automations = new LinkedHashSet<>();
        for (String action : rule.actions()) {
            if (RuleDefinition.AUTOMATIONS.contains(action)) {
                automations.add(action);
            } else {
                actions.add(action);
            }
        }
        for (int n = 0; n < rule.notifications().size(); n++) {
            actions.add(rule.name() + "#" + (n + 1));
        }
        if (automations.contains(RuleDefinition.AUTO_REMEDIATE) && kind != RuleDefinition.Kind.RETENTION) {
            problems.add(new ConfigurationProblem(path + ".actions", "auto_remediate applies the retention policy, so "
                    + "it belongs to a data_retention rule", 0));
            return Optional.empty();
        }
        Duration duration = rule.duration() == null ? Duration.ZERO : rule.duration();
        return Optional.of(new RuleDefinition(rule.name(), condition, duration, severity, List.copyOf(actions),
                Set.copyOf(automations), kind == RuleDefinition.Kind.BUDGET ? "budget" : groupBy,
                rule.renotifyInterval() == null ? renotify : rule.renotifyInterval(), kind, "configuration",
                kind == RuleDefinition.Kind.BUDGET ? budgetKinds : null));
    }

    static RuleDefinition.Kind kindOf(Expression condition) {
        Set<RuleDefinition.Kind> kinds = new LinkedHashSet<>();
        for (String name : condition.names()) {
            if (Signals.BUDGETARY.contains(name)) {
                kinds.add(RuleDefinition.Kind.BUDGET);
            } else if (Signals.RETENTION.contains(name)) {
                kinds.add(RuleDefinition.Kind.RETENTION);
            } else if (!name.equals(Signals.BASELINE)) {
                kinds.add(RuleDefinition.Kind.USAGE);
            }
        }
        if (kinds.size() == 1) {
            return kinds.iterator().next();
        }
        return kinds.isEmpty() ? RuleDefinition.Kind.USAGE : null;
    }

    private void builtIns(AurelisConfig config, List<RuleDefinition> rules, Duration renotify,
            Set<String> budgetKinds, ChannelDirectory directory) {
        Set<String> used = new LinkedHashSet<>();
        rules.forEach(r -> used.addAll(r.condition().names()));
        boolean budgetRule = rules.stream().anyMatch(r -> r.kind() == RuleDefinition.Kind.BUDGET);
        if (!budgetRule && budgetKinds != null) {
            CostManagement.Alerts alerts = config.costManagement().alerts();
            List<String> channels = new ArrayList<>();
            for (Destination d : directory.all().values()) {
                boolean wanted = (d.type() == ChannelType.EMAIL && Boolean.TRUE.equals(alerts.emailEnabled()))
                        || (d.type() == ChannelType.SLACK && Boolean.TRUE.equals(alerts.slackEnabled()))
                        || (d.type() == ChannelType.TEAMS && Boolean.TRUE.equals(alerts.teamsEnabled()));
                if (wanted && !d.name().contains("#")) {
                    channels.add(d.name());
                }
            }
            if (!channels.isEmpty()) {
                rules.add(new RuleDefinition("budget_threshold", Expression.parse(null, "budget_used >= 0",
                        Signals.ALL.keySet()), Duration.ZERO, Severities.WARNING, List.copyOf(channels), Set.of(),
                        "budget", renotify, RuleDefinition.Kind.BUDGET, "cost_management.alerts", budgetKinds));
            }
        }
        if (anomalyDetection && !used.contains(Signals.BASELINE)) {
            rules.add(new RuleDefinition("unusual_usage_pattern", Expression.parse(null,
                    "requests_per_minute > baseline * 3", Signals.ALL.keySet()), Duration.ofMinutes(10),
                    Severities.WARNING, List.of("notify_security"), Set.of(RuleDefinition.INVESTIGATE), "team", renotify,
                    RuleDefinition.Kind.USAGE, "advanced_features.anomaly_detection", null));
        }
        if (config.security().threatDetection() && !used.contains(Signals.SECURITY_EVENTS)) {
            rules.add(new RuleDefinition("threat_detected", Expression.parse(null, "security_events > 20",
                    Signals.ALL.keySet()), Duration.ZERO, Severities.ERROR, List.of("notify_security"),
                    Set.of(RuleDefinition.INVESTIGATE), "user", renotify, RuleDefinition.Kind.USAGE,
                    "security.threat_detection", null));
        }
    }

    public List<RuleDefinition> rules() {
        return rules;
    }

    public Optional<RuleDefinition> rule(String name) {
        return rules.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public boolean anomalyDetection() {
        return anomalyDetection;
    }
}
