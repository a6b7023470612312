package dev.aurelis.configuration;

import dev.aurelis.providers.ProviderSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Says at start, in one plain line, which of Aurelis's connections are not encrypted: the listener, each provider,
 * the database and Redis (ADR 0049). Loopback connections are named as such, since they never leave the machine.
 * Never prints a credential: URLs are reduced to scheme, host and port.
 */
@Component
class ConnectionReport {

    private static final Logger log = LoggerFactory.getLogger(ConnectionReport.class);
    private static final Pattern JDBC = Pattern.compile("jdbc:postgresql://([^/?]*)(/[^?]*)?(\\?.*)?");

    private final ActiveConfiguration active;
    private final Environment environment;

    ConnectionReport(ActiveConfiguration active, Environment environment) {
        this.active = active;
        this.environment = environment;
    }

    /** One connection and whether it is encrypted; {@code note} says why not, or where it goes. */
    record Connection(String name, boolean encrypted, boolean loopback, String note) {

        String describe() {
            return name + (note == null || note.isEmpty() ? "" : " (" + note + ")");
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void report() {
        List<Connection> connections = connections();
        String line = line(connections);
        boolean required = active.config().security().encryptionInTransit();
        // the listener and providers were checked at load; what is left in clear text here crosses a network
        if (required && connections.stream().anyMatch(c -> !c.encrypted() && !c.loopback() && !c.name().startsWith("listener")
                && !c.name().startsWith("provider"))) {
            log.warn(line);
        } else {
            log.info(line);
        }
    }

    /** {@code Unencrypted connections: …; encrypted: …}. */
    static String line(List<Connection> connections) {
        List<String> clear = connections.stream().filter(c -> !c.encrypted()).map(Connection::describe).toList();
        List<String> encrypted = connections.stream().filter(Connection::encrypted).map(Connection::name).toList();
        return "Unencrypted connections: " + (clear.isEmpty() ? "none" : String.join(", ", clear))
                + (encrypted.isEmpty() ? "" : "; encrypted: " + String.join(", ", encrypted));
    }

    List<Connection> connections() {
        AurelisConfig config = active.config();
        List<Connection> connections = new ArrayList<>();
        String port = environment.getProperty("local.server.port");
        if (port != null) {
            ListenerTls.Effective tls = ListenerTls.effective(config, environment);
            if (tls.https()) {
                connections.add(new Connection("listener", true, false, null));
            } else {
                connections.add(new Connection("listener", false, false, "http on port " + port
                        + (tls.terminatedByIngress() ? ", TLS terminated by the ingress in front" : "")));
            }
        }
        for (ProviderSettings provider : ConfigurationApplier.providersOf(config)) {
            URI url = provider.baseUrl();
            boolean encrypted = "https".equalsIgnoreCase(url.getScheme());
            boolean loopback = ListenerTls.loopback(url);
            connections.add(new Connection("provider '" + provider.name() + "'", encrypted, loopback, encrypted ? null
                    : url.getScheme() + "://" + url.getAuthority() + (loopback ? ", loopback" : "")
                            + (provider.onPremise() ? ", on premise" : "")));
        }
        connections.add(database());
        String redis = environment.getProperty("aurelis.redis.url", "");
        if (!redis.isBlank()) {
            URI url = URI.create(redis.strip());
            boolean encrypted = "rediss".equalsIgnoreCase(url.getScheme());
            boolean loopback = ListenerTls.loopback(url);
            connections.add(new Connection("Redis", encrypted, loopback, encrypted ? null
                    : url.getHost() + ":" + (url.getPort() < 0 ? 6379 : url.getPort()) + (loopback ? ", loopback" : "")));
        }
        return connections;
    }

    private Connection database() {
        String url = environment.getProperty("aurelis.db.url", "");
        if (url.isBlank()) {
            return new Connection("database", false, true, "embedded, loopback");
        }
        Matcher m = JDBC.matcher(url.strip());
        if (!m.matches()) {
            return new Connection("database", false, false, "sslmode unknown");
        }
        String hosts = m.group(1);
        String query = m.group(3) == null ? "" : m.group(3).toLowerCase(Locale.ROOT);
        boolean encrypted = query.matches(".*[?&]sslmode=(require|verify-ca|verify-full)(&.*)?")
                || query.matches(".*[?&]ssl=true(&.*)?");
        boolean loopback = java.util.Arrays.stream(hosts.split(","))
                .allMatch(h -> ListenerTls.loopback(h.replaceAll(":\\d+$", "")));
        return new Connection("database", encrypted, loopback, encrypted ? null
                : hosts + ", sslmode is not require, verify-ca or verify-full" + (loopback ? ", loopback" : ""));
    }
}
