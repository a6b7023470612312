package dev.aurelis.alerting.channels;

import java.util.List;

/**
 * A named channel as configured: where a notice goes and the secret it needs. Never logged whole (the URL of a
 * Slack or Teams webhook is itself a secret): {@link #toString()} names it only.
 */
public record Destination(String name, ChannelType type, String url, List<String> recipients, String routingKey,
        String secret, String label) {

    public Destination {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }

    @Override
    public String toString() {
        return name + " (" + type.wireName() + ")";
    }
}
