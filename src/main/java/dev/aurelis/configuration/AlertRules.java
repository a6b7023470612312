package dev.aurelis.configuration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonNaming;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code alerts:} rules over operational signals, the channels their notifications go to and the named routes
 * ({@code page_oncall}, {@code slack_finance}...) that rules name as actions. See docs/alerting.md.
 *
 * @param renotifyInterval   how long a firing alert stays quiet before it is sent again; default 4h
 * @param rateLimitPerMinute the most notifications one channel is sent per minute; default 30 (the rest wait)
 * @param consoleUrl         where Aurelis is reached by people (links in messages), e.g. https://aurelis.example.com
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AlertRules(
        List<@NotNull(message = "must not be empty") @Valid Rule> rules,
        Map<String, @Valid Channel> channels,
        Map<String, List<@NotBlank(message = "must name a channel") String>> routes,
        @Valid Smtp smtp,
        @JsonDeserialize(using = HumanDurationDeserializer.class) Duration renotifyInterval,
        @Positive(message = "must be at least 1") Integer rateLimitPerMinute,
        String consoleUrl) {

    public AlertRules {
        rules = Defaults.list(rules);
        channels = channels == null ? Map.of() : Map.copyOf(channels);
        routes = routes == null ? Map.of() : Map.copyOf(routes);
    }

    public static AlertRules defaults() {
        return new AlertRules(null, null, null, null, null, null, null);
    }

    /**
     * One rule, in either brief's shape: Aurelis ({@code condition: "error_rate > 5%"}, {@code actions}) or Cortex
     * ({@code metric: error_rate}, {@code condition: "> 0.05"}, {@code notifications}).
     *
     * @param metric    the signal when {@code condition} starts with a comparison, e.g. {@code error_rate}
     * @param condition e.g. {@code error_rate > 5%}, {@code > 0.05}, {@code requests_per_minute > baseline * 3}
     * @param duration  how long the condition must hold before the alert fires, e.g. {@code 5m}; default at once
     * @param severity  critical, error, warning or info; default warning
     * @param actions   named routes ({@code page_oncall}...) and actions ({@code auto_remediate},
     *                  {@code investigate_automated})
     * @param groupBy   one alert per organization (default; team for baseline rules), department, team, user, model
     *                  or provider
     * @param renotifyInterval overrides {@code alerts.renotify_interval} for this rule
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Rule(
            @NotBlank(message = "must name the rule") String name,
            String metric,
            @NotBlank(message = "must state a condition such as error_rate > 5%") String condition,
            @JsonDeserialize(using = HumanDurationDeserializer.class) Duration duration,
            String severity,
            List<@NotNull(message = "must not be empty") @Valid Notification> notifications,
            List<@NotBlank(message = "must name an action or route") String> actions,
            String groupBy,
            @JsonDeserialize(using = HumanDurationDeserializer.class) Duration renotifyInterval) {

        public Rule {
            notifications = Defaults.list(notifications);
            actions = Defaults.list(actions);
        }
    }

    /** A Cortex-style notification of one rule. @param type slack, teams, email, webhook or pagerduty */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Notification(
            @NotBlank(message = "must name a channel type such as slack or email") String type,
            String channel,
            List<@Email(message = "is not an e-mail address") String> recipients,
            String url) {

        public Notification {
            recipients = Defaults.list(recipients);
        }
    }

    /**
     * A destination. Slack, Teams and webhook channels need {@code url}; e-mail needs {@code recipients}; PagerDuty
     * needs {@code routing_key} ({@code url} defaults to PagerDuty's Events API v2).
     *
     * @param channel  for Slack, the channel the webhook posts to (shown only; the webhook decides)
     * @param secret   for webhooks, the Standard Webhooks signing secret ({@code whsec_...})
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Channel(
            @NotBlank(message = "must name a channel type such as slack or email") String type,
            String url,
            List<@Email(message = "is not an e-mail address") String> recipients,
            String routingKey,
            String secret,
            String channel) {

        public Channel {
            recipients = Defaults.list(recipients);
        }
    }

    /** The SMTP server e-mails go through. @param from the sender address; default aurelis@localhost */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Smtp(
            @NotBlank(message = "must name the SMTP server") String host,
            Integer port,
            String username,
            String password,
            String from,
            boolean starttls) {
    }
}
