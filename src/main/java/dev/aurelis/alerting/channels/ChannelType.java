package dev.aurelis.alerting.channels;

import java.util.Locale;

/** The kinds of destination Aurelis can notify. */
public enum ChannelType {
    SLACK, TEAMS, EMAIL, WEBHOOK, PAGERDUTY;

    public static ChannelType parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        return switch (t) {
            case "slack" -> SLACK;
            case "teams", "microsoft_teams", "msteams" -> TEAMS;
            case "email", "e_mail", "smtp" -> EMAIL;
            case "webhook", "webhooks" -> WEBHOOK;
            case "pagerduty", "pager_duty" -> PAGERDUTY;
            default -> throw new IllegalArgumentException("'" + text + "' is not a channel type: use slack, teams, "
                    + "email, webhook or pagerduty.");
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
