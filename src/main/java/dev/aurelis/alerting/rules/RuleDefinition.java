package dev.aurelis.alerting.rules;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A rule ready to evaluate.
 *
 * @param actions     routes and channels to notify (a Cortex rule's inline notifications are channels named
 *                    {@code <rule>#<n>})
 * @param automations what else to do when it fires: {@code auto_remediate}, {@code investigate_automated}
 * @param groupBy     organization, department, team, user, model or provider; budget rules group by budget
 * @param channelKinds for budget rules, the channel kinds {@code cost_management.alerts} allows (null: all)
 */
public record RuleDefinition(String name, Expression condition, Duration duration, String severity,
        List<String> actions, Set<String> automations, String groupBy, Duration renotify, Kind kind, String origin,
        Set<String> channelKinds) {

    /** Where the rule's values come from. */
    public enum Kind {
        /** the ledger feed's windows (and baselines) */
        USAGE,
        /** budget threshold crossings */
        BUDGET,
        /** the ledger's oldest record against the retention policy */
        RETENTION
    }

    public static final String AUTO_REMEDIATE = "auto_remediate";
    public static final String INVESTIGATE = "investigate_automated";
    public static final Set<String> AUTOMATIONS = Set.of(AUTO_REMEDIATE, INVESTIGATE);

    public boolean usesBaseline() {
        return condition.names().contains(Signals.BASELINE);
    }
}
