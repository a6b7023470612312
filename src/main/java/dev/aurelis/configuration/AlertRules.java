package dev.aurelis.configuration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonNaming;

import java.time.Duration;
import java.util.List;

/** {@code alerts:} rules over operational metrics and where their notifications go. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AlertRules(List<@NotNull(message = "must not be empty") @Valid Rule> rules) {

    public AlertRules {
        rules = Defaults.list(rules);
    }

    public static AlertRules defaults() {
        return new AlertRules(null);
    }

    /**
     * @param metric    e.g. {@code error_rate}
     * @param condition e.g. {@code > 0.05}
     * @param duration  how long the condition must hold, e.g. {@code 5m}
     * @param severity  e.g. {@code critical}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Rule(
            @NotBlank(message = "must name the rule") String name,
            @NotBlank(message = "must name a metric") String metric,
            @NotBlank(message = "must state a condition such as > 0.05") String condition,
            @JsonDeserialize(using = HumanDurationDeserializer.class) Duration duration,
            String severity,
            List<@NotNull(message = "must not be empty") @Valid Notification> notifications) {

        public Rule {
            notifications = Defaults.list(notifications);
        }
    }

    /** @param type slack, teams, email, webhook or pagerduty */
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
}
