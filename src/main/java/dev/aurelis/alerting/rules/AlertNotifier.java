package dev.aurelis.alerting.rules;

import dev.aurelis.alerting.Alert;
import dev.aurelis.alerting.Notice;
import dev.aurelis.alerting.Notifications;
import dev.aurelis.alerting.channels.ChannelDirectory;
import dev.aurelis.alerting.channels.Destination;
import dev.aurelis.configuration.ActiveConfiguration;
import dev.aurelis.tenancy.TenantId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Tells a rule's routes about an episode: fired, still firing (re-notified), acknowledged, resolved. One notice per
 * channel and transition, keyed so that a transition enqueued twice is sent once; PagerDuty sees the same dedup key
 * from trigger to resolve. Budget rules reach only the channel kinds {@code cost_management.alerts} allows; a
 * silenced episode reaches nobody.
 */
@Component
public class AlertNotifier {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Notifications notifications;
    private final ChannelDirectory directory;
    private final AlertStore store;
    private final String consoleUrl;

    AlertNotifier(Notifications notifications, ChannelDirectory directory, AlertStore store,
            ActiveConfiguration configuration) {
        this.notifications = notifications;
        this.directory = directory;
        this.store = store;
        String url = configuration.config().alerts().consoleUrl();
        this.consoleUrl = url == null || url.isBlank() ? null : url.strip().replaceAll("/+$", "");
    }

    /** Queues the notices of one transition; returns how many channels were queued. */
    public int notify(TenantId tenant, RuleDefinition rule, Alert alert, Notice.Kind kind, String transition,
            Instant now) {
        if (store.silenced(tenant, rule.name(), alert.group(), now)) {
            return 0;
        }
        Notice notice = notice(tenant, rule, alert, kind, now);
        int queued = 0;
        for (String action : rule.actions()) {
            for (String channel : directory.route(action)) {
                Optional<Destination> destination = directory.find(channel);
                if (destination.isEmpty() || (rule.channelKinds() != null
                        && !rule.channelKinds().contains(destination.get().type().wireName()))) {
                    continue;
                }
                if (notifications.send(tenant, channel, notice, alert.id() + ":" + transition).isPresent()) {
                    queued++;
                }
            }
        }
        return queued;
    }

    Notice notice(TenantId tenant, RuleDefinition rule, Alert alert, Notice.Kind kind, Instant now) {
        String title = rule.name() + (alert.group().equals("organization") ? "" : " (" + alert.group() + ")");
        String text = switch (kind) {
            case RESOLVED -> "No longer holds (" + rule.condition() + "); it fired at " + TIME.format(alert.firedAt())
                    + " and resolved at " + TIME.format(now) + ".";
            case ACKNOWLEDGED -> "Acknowledged by " + alert.acknowledgedBy() + ". " + alert.summary();
            default -> alert.summary();
        };
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("rule", rule.name());
        facts.put("group", alert.group());
        facts.put("severity", rule.severity());
        facts.put("condition", rule.condition().toString());
        if (alert.firedAt() != null) {
            facts.put("since", TIME.format(alert.firedAt()));
        }
        alert.details().forEach((k, v) -> facts.put(k, String.valueOf(v)));
        String link = consoleUrl == null ? null : consoleUrl + "/api/v1/alerts/" + alert.id();
        return new Notice("aurelis:" + tenant.value() + ":" + alert.id(), kind, rule.severity(), title, text, link, facts);
    }
}
