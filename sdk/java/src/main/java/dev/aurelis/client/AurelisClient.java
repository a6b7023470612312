package dev.aurelis.client;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * The Aurelis admin API from Java:
 *
 * <pre>{@code
 * AurelisClient client = AurelisClient.builder("https://aurelis.example.com", System.getenv("AURELIS_API_KEY")).build();
 * Keys.ApiKey issued = client.keys().create(Keys.NewKey.forUser("alice@example.com").withTeam("platform"));
 * client.workspaces().shareContext("engineering", Map.of("branch", "feature/new-ui", "notes", "Dashboard work"));
 * }</pre>
 *
 * Each part covers one area of the API; what a call may see and change is what the key's roles allow on the server.
 * A client is thread-safe and meant to be shared.
 */
public final class AurelisClient {

    private final Keys keys;
    private final Usage usage;
    private final Budgets budgets;
    private final Reports reports;
    private final Analytics analytics;
    private final Workspaces workspaces;
    private final Collaboration collaboration;

    private AurelisClient(Transport transport) {
        // every part shares the one transport; a later part is one more field here
        this.keys = new Keys(transport);
        this.usage = new Usage(transport);
        this.budgets = new Budgets(transport);
        this.reports = new Reports(transport);
        this.analytics = new Analytics(transport);
        this.workspaces = new Workspaces(transport);
        this.collaboration = new Collaboration(transport);
    }

    /** A client of the server at {@code baseUrl} (e.g. {@code http://localhost:8080}) calling with {@code apiKey}. */
    public static Builder builder(String baseUrl, String apiKey) {
        return new Builder(baseUrl, apiKey);
    }

    /** API keys: issue, list, look up, revoke, rotate. */
    public Keys keys() {
        return keys;
    }

    /** Ledger records, grouped sums and totals. */
    public Usage usage() {
        return usage;
    }

    /** Budgets with their current spend, and the thresholds they crossed. */
    public Budgets budgets() {
        return budgets;
    }

    /** The monthly cost report. */
    public Reports reports() {
        return reports;
    }

    /** Usage metrics, performance, adoption, team insights, the executive report, trends, forecast, ROI assumptions. */
    public Analytics analytics() {
        return analytics;
    }

    /** Team workspaces, their members and shared context. */
    public Workspaces workspaces() {
        return workspaces;
    }

    /** Collaborative sessions of a workspace: changes, the assistant, and their events live over a socket. */
    public Collaboration collaboration() {
        return collaboration;
    }

    public static final class Builder {

        private final String baseUrl;
        private final String apiKey;
        private HttpClient httpClient;
        private Duration timeout = Duration.ofSeconds(30);

        private Builder(String baseUrl, String apiKey) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
            if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
                throw new IllegalArgumentException("baseUrl must start with http:// or https://, got '" + baseUrl + "'.");
            }
        }

        /** The HTTP client to call through (e.g. one with a proxy or a trust store); by default a new one. */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /** How long one call may take; 30 seconds by default. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public AurelisClient build() {
            HttpClient http = httpClient != null ? httpClient
                    : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            return new AurelisClient(new Transport(http, baseUrl, apiKey, timeout));
        }
    }
}
