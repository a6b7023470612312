package dev.aurelis.alerting.channels;

import dev.aurelis.configuration.ActiveConfiguration;
import dev.aurelis.configuration.AdvancedFeatures;
import dev.aurelis.configuration.AlertRules;
import dev.aurelis.configuration.ConfigurationProblem;
import dev.aurelis.configuration.Integrations;
import dev.aurelis.configuration.InvalidConfigurationException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The channels of {@code alerts.channels}, the routes of {@code alerts.routes} that name them, and the channels the
 * Cortex-style {@code notifications} of each rule describe inline (named {@code <rule>#<n>}). Whether a channel may
 * be sent to follows {@code integrations.notifications} (and {@code advanced_features.webhook_support} for
 * webhooks). A channel that is incomplete (a Slack channel without URL...) stops start-up with its path.
 */
@Component
public class ChannelDirectory {

    /** PagerDuty's Events API v2 endpoint, where a PagerDuty channel without {@code url} sends. */
    public static final String PAGERDUTY_EVENTS = "https://events.pagerduty.com/v2/enqueue";

    private final Map<String, Destination> channels = new LinkedHashMap<>();
    private final Map<String, List<String>> routes;
    private final Integrations.Notifications switches;
    private final Boolean webhookSupport;

    public ChannelDirectory(ActiveConfiguration configuration) {
        AlertRules alerts = configuration.config().alerts();
        AdvancedFeatures features = configuration.config().advancedFeatures();
        this.switches = configuration.config().integrations().notifications();
        this.webhookSupport = features.webhookSupport();
        List<ConfigurationProblem> problems = new ArrayList<>();
        alerts.channels().forEach((name, channel) -> add(name, "alerts.channels." + name, channel.type(), channel.url(),
                channel.recipients(), channel.routingKey(), channel.secret(), channel.channel(), problems));
        for (int r = 0; r < alerts.rules().size(); r++) {
            AlertRules.Rule rule = alerts.rules().get(r);
            for (int n = 0; n < rule.notifications().size(); n++) {
                AlertRules.Notification notification = rule.notifications().get(n);
                String path = "alerts.rules[" + r + "].notifications[" + n + "]";
                inline(rule.name() + "#" + (n + 1), path, notification, problems);
            }
        }
        Map<String, List<String>> checked = new LinkedHashMap<>();
        alerts.routes().forEach((route, names) -> {
            for (String name : names) {
                if (!channels.containsKey(name)) {
                    problems.add(new ConfigurationProblem("alerts.routes." + route, "names the channel '" + name
                            + "', which alerts.channels does not define", 0));
                }
            }
            checked.put(route, List.copyOf(names));
        });
        this.routes = Map.copyOf(checked);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(configuration.source() == null ? "configuration"
                    : configuration.source().toString(), problems);
        }
    }

    /** An inline notification: a URL or recipients of its own, else the configured channel of its type it names. */
    private void inline(String name, String path, AlertRules.Notification notification,
            List<ConfigurationProblem> problems) {
        ChannelType type;
        try {
            type = ChannelType.parse(notification.type());
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigurationProblem(path + ".type", e.getMessage(), 0));
            return;
        }
        if (notification.url() != null || (type == ChannelType.EMAIL && !notification.recipients().isEmpty())) {
            add(name, path, notification.type(), notification.url(), notification.recipients(), null, null,
                    notification.channel(), problems);
            return;
        }
        List<Destination> candidates = channels.values().stream().filter(d -> d.type() == type)
                .filter(d -> notification.channel() == null || d.label() == null
                        || d.label().equals(notification.channel()) || d.name().equals(notification.channel()))
                .toList();
        if (candidates.isEmpty()) {
            problems.add(new ConfigurationProblem(path, "no " + type.wireName() + " channel is configured for it: give "
                    + "it a url (or recipients), or define one in alerts.channels", 0));
            return;
        }
        Destination target = candidates.getFirst();
        channels.put(name, new Destination(name, target.type(), target.url(), target.recipients(), target.routingKey(),
                target.secret(), notification.channel() == null ? target.label() : notification.channel()));
    }

    private void add(String name, String path, String typeName, String url, List<String> recipients,
            String routingKey, String secret, String label, List<ConfigurationProblem> problems) {
        ChannelType type;
        try {
            type = ChannelType.parse(typeName);
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigurationProblem(path + ".type", e.getMessage(), 0));
            return;
        }
        String target = url;
        switch (type) {
            case EMAIL -> {
                if (recipients.isEmpty()) {
                    problems.add(new ConfigurationProblem(path + ".recipients", "an e-mail channel needs recipients", 0));
                }
            }
            case PAGERDUTY -> {
                if (routingKey == null || routingKey.isBlank()) {
                    problems.add(new ConfigurationProblem(path + ".routing_key",
                            "a PagerDuty channel needs the routing key of an Events API v2 integration", 0));
                }
                target = url == null || url.isBlank() ? PAGERDUTY_EVENTS : url;
            }
            default -> {
                if (url == null || url.isBlank()) {
                    problems.add(new ConfigurationProblem(path + ".url", "a " + type.wireName() + " channel needs the "
                            + "URL it posts to", 0));
                }
            }
        }
        if (target != null && !target.isBlank() && !isHttp(target)) {
            problems.add(new ConfigurationProblem(path + ".url", "must be an http:// or https:// URL", 0));
        }
        channels.put(name, new Destination(name, type, target, recipients, routingKey, secret, label));
    }

    private static boolean isHttp(String url) {
        try {
            URI uri = URI.create(url.strip());
            return uri.getHost() != null && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public Optional<Destination> find(String name) {
        return Optional.ofNullable(channels.get(name));
    }

    /** The channels a route names; a route that is not configured but names a channel is that channel alone. */
    public List<String> route(String name) {
        List<String> names = routes.get(name);
        if (names != null) {
            return names;
        }
        return channels.containsKey(name) ? List.of(name) : List.of();
    }

    public boolean isRoute(String name) {
        return routes.containsKey(name) || channels.containsKey(name);
    }

    public Map<String, Destination> all() {
        return java.util.Collections.unmodifiableMap(channels);
    }

    /** Whether the installation allows sending to channels of this type at all. */
    public boolean allowed(ChannelType type) {
        return switch (type) {
            case SLACK -> switches.allows(switches.slack());
            case TEAMS -> switches.allows(switches.microsoftTeams());
            case EMAIL -> switches.allows(switches.email());
            case WEBHOOK -> switches.allows(switches.webhooks()) && (webhookSupport == null || webhookSupport);
            case PAGERDUTY -> true;
        };
    }
}
