package dev.aurelis.audit.stream;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;

/**
 * Reads {@code audit.real_time_export.destination}:
 * <ul>
 * <li>{@code splunk_hec://host[:port]} — Splunk HEC over HTTPS (port 8088 by default), token from
 * {@code AURELIS_SPLUNK_HEC_TOKEN}; {@code splunk_hec+http://} for a collector without TLS;</li>
 * <li>{@code syslog://host[:port]} or {@code syslog+tcp://} — RFC 5424 over TCP (port 514);
 * {@code syslog+tls://host[:port]} — over TLS (port 6514);</li>
 * <li>{@code https://…} or {@code http://…} — a webhook signed with HMAC-SHA256, secret from
 * {@code AURELIS_AUDIT_WEBHOOK_SECRET}.</li>
 * </ul>
 */
public final class Destinations {

    private Destinations() {
    }

    /** Credentials taken from the environment, never from the configuration file. */
    public record Secrets(String splunkHecToken, String webhookSecret) {
    }

    public static Destination parse(String destination, Secrets secrets, String hostname, Clock clock) {
        String text = destination.strip();
        int separator = text.indexOf("://");
        if (separator <= 0) {
            throw new IllegalArgumentException("audit.real_time_export.destination '" + destination
                    + "' is not splunk_hec://, syslog://, syslog+tls:// or https://");
        }
        // the brief's scheme splunk_hec is not a legal URI scheme (no underscores): parse the rest under a stand-in
        String scheme = text.substring(0, separator).toLowerCase(Locale.ROOT);
        URI uri;
        try {
            uri = new URI((scheme.startsWith("http") ? scheme : "stream") + text.substring(separator));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("audit.real_time_export.destination '" + destination + "' is not a URI");
        }
        String name = scheme + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("audit.real_time_export.destination '" + destination + "' names no host");
        }
        return switch (scheme) {
            case "splunk_hec", "splunk_hec+https", "splunk_hec+http" -> {
                require(secrets.splunkHecToken(), "AURELIS_SPLUNK_HEC_TOKEN", destination);
                String http = scheme.equals("splunk_hec+http") ? "http" : "https";
                int port = uri.getPort() < 0 ? 8088 : uri.getPort();
                String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/")
                        ? SplunkHec.PATH : uri.getRawPath();
                yield new SplunkHec(name, URI.create(http + "://" + uri.getHost() + ":" + port + path),
                        secrets.splunkHecToken(), hostname);
            }
            case "syslog", "syslog+tcp" -> new SyslogTcp(name, uri.getHost(), uri.getPort() < 0 ? 514 : uri.getPort(),
                    false, hostname);
            case "syslog+tls" -> new SyslogTcp(name, uri.getHost(), uri.getPort() < 0 ? 6514 : uri.getPort(), true,
                    hostname);
            case "https", "http" -> {
                require(secrets.webhookSecret(), "AURELIS_AUDIT_WEBHOOK_SECRET", destination);
                yield new SignedWebhook(name, uri, secrets.webhookSecret().getBytes(StandardCharsets.UTF_8), clock);
            }
            default -> throw new IllegalArgumentException("audit.real_time_export.destination '" + destination
                    + "' is not splunk_hec://, syslog://, syslog+tls:// or https://");
        };
    }

    private static void require(String secret, String variable, String destination) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("streaming the audit trail to " + destination + " needs " + variable);
        }
    }
}
