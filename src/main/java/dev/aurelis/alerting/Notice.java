package dev.aurelis.alerting;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a channel is told: a title, a line or two of text, facts (label to value), a link, and what it means for an
 * incident. Each channel renders it in its own format (Block Kit, Adaptive Card, PagerDuty event, e-mail, JSON).
 *
 * @param key      what identifies the incident across messages: PagerDuty's dedup key, the webhook's alert id; a
 *                 resolve or acknowledge with the same key closes what the trigger opened
 * @param kind     whether the message opens, resolves or acknowledges an incident, or is a plain message
 * @param severity critical, error, warning or info
 * @param link     where a person can see (and acknowledge) the alert; may be null
 */
public record Notice(String key, Kind kind, String severity, String title, String text, String link,
        Map<String, String> facts) {

    /** What a notice does to the incident its key names. */
    public enum Kind {
        FIRING, RESOLVED, ACKNOWLEDGED, MESSAGE
    }

    public Notice {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(title, "title");
        severity = Severities.normalize(severity);
        text = text == null ? "" : text;
        facts = facts == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    /** A plain message (no incident): what the workflows module or an operator's test sends. */
    public static Notice message(String key, String title, String text) {
        return new Notice(key, Kind.MESSAGE, Severities.INFO, title, text, null, Map.of());
    }
}
