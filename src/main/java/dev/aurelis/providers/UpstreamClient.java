package dev.aurelis.providers;

import dev.aurelis.providers.http.AnswerDeadlines;
import dev.aurelis.providers.http.ProviderConnections;
import dev.aurelis.providers.http.TrustedAuthorities;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Calls providers over pooled keep-alive connections (one pool per provider, ADR 0084) and hands back the body as a
 * stream, so a streamed answer can be relayed as it arrives.
 */
@Component
public class UpstreamClient implements AutoCloseable {

    /** Client headers never forwarded: hop-by-hop, credentials, and what the HTTP client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "transfer-encoding",
            "authorization", "x-api-key", "api-key", "cookie", "accept-encoding", "keep-alive", "upgrade", "te",
            "trailer", "proxy-authorization", "proxy-connection", "expect", "http2-settings", "via", "forwarded",
            "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto");

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration IDLE = Duration.ofSeconds(30);

    private final Map<String, ProviderConnections> clients = new ConcurrentHashMap<>();
    /** Pools replaced by a change of trusted authorities, closed once no call uses them. */
    private final Queue<ProviderConnections> retired = new ConcurrentLinkedQueue<>();
    private volatile SSLContext tls = TrustedAuthorities.context(null);
    private final AnswerDeadlines deadlines = new AnswerDeadlines();

    /**
     * Trusts the certificate authorities of a PEM file for calls to providers, besides the JDK's own; null: the
     * JDK's only. Certificates and host names are always verified (never turned off).
     */
    public void trustAlso(Path caFile) {
        tls = TrustedAuthorities.context(caFile);
        // calls under way finish on the old pools; new ones open connections that trust the new authorities
        for (String name : clients.keySet()) {
            ProviderConnections old = clients.remove(name);
            if (old != null) {
                retired.add(old);
            }
        }
    }

    public URI endpoint(ProviderSettings provider, UpstreamOperation operation, String modelId, String query) {
        String base = provider.baseUrl().toString().replaceAll("/+$", "");
        String url;
        if (provider.wireFormat() == WireFormat.ANTHROPIC_MESSAGES) {
            url = base.replaceAll("/v1$", "") + operation.path();
        } else if (provider.apiVersion() != null && !provider.apiVersion().isBlank()) {
            // Azure OpenAI's deployment API: the deployment (model id) is in the path, the version in the query.
            url = base + "/openai/deployments/" + modelId + operation.path() + "?api-version=" + provider.apiVersion();
        } else {
            url = base + operation.path();
        }
        if (query != null && !query.isBlank()) {
            url += (url.contains("?") ? "&" : "?") + query;
        }
        return URI.create(url);
    }

    /**
     * Sends {@code body} and returns once the response headers arrived. The caller must close the body.
     *
     * @param clientHeaders the client's headers (lower-case names), forwarded unless credentials or hop-by-hop
     */
    public UpstreamAnswer send(ProviderSettings provider, URI uri, Map<String, String> clientHeaders, byte[] body,
            Duration timeout) {
        if (Thread.currentThread().isInterrupted()) {
            throw cancelled(provider, null); // our own cancellation (shutdown, a caller's thread stopped)
        }
        try {
            return connections(provider).post(uri, headers(provider, clientHeaders), body, timeout);
        } catch (ConnectTimeoutException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.CONNECT, provider.name(),
                    "Timed out connecting to provider '" + provider.name() + "'", e);
        } catch (SocketTimeoutException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, provider.name(),
                    "Provider '" + provider.name() + "' did not answer within " + timeout.toSeconds() + " s", e);
        } catch (ConnectException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.CONNECT, provider.name(),
                    "Could not connect to provider '" + provider.name() + "'", e);
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw cancelled(provider, e); // an interrupted virtual thread's socket is closed under it
            }
            throw new UpstreamFailure(UpstreamFailure.Kind.IO, provider.name(),
                    "Provider '" + provider.name() + "' failed: " + e.getMessage(), e);
        }
    }

    /** The headers to send: the client's own that may be forwarded, then the provider's version and credentials. */
    private static Map<String, String> headers(ProviderSettings provider, Map<String, String> clientHeaders) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        boolean anthropic = provider.wireFormat() == WireFormat.ANTHROPIC_MESSAGES;
        clientHeaders.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (NOT_FORWARDED.contains(lower) || lower.equals("content-type") || lower.startsWith("x-aurelis-")
                    || (!anthropic && lower.startsWith("anthropic-"))) {
                return;
            }
            headers.put(name, value);
        });
        if (anthropic && !clientHeaders.containsKey("anthropic-version")) {
            headers.put("anthropic-version", "2023-06-01");
        }
        headers.putAll(provider.headers());
        if (provider.apiKey() != null && !provider.apiKey().isBlank()) {
            switch (provider.authStyle()) {
                case BEARER -> headers.put("authorization", "Bearer " + provider.apiKey());
                case X_API_KEY -> headers.put("x-api-key", provider.apiKey());
                case AZURE_API_KEY -> headers.put("api-key", provider.apiKey());
            }
        }
        return headers;
    }

    private static UpstreamFailure cancelled(ProviderSettings provider, IOException cause) {
        return new UpstreamFailure(UpstreamFailure.Kind.CANCELLED, provider.name(),
                "The call to provider '" + provider.name() + "' was cancelled before it answered", cause);
    }

    private ProviderConnections connections(ProviderSettings provider) {
        return clients.computeIfAbsent(provider.name(), name -> new ProviderConnections(tls, CONNECT_TIMEOUT, deadlines));
    }

    /** Aborts the calls whose provider has not answered in time (ADR 0095). */
    @Scheduled(fixedDelay = AnswerDeadlines.SWEEP_MILLIS)
    void sweepDeadlines() {
        deadlines.sweep();
    }

    /**
     * Closes connections idle for {@link #IDLE} (a provider's own keep-alive limit is usually a minute or more),
     * and the retired pools once their last call has ended.
     */
    @Scheduled(fixedDelayString = "PT10S")
    void closeIdle() {
        clients.values().forEach(pool -> pool.closeIdle(IDLE));
        retired.removeIf(pool -> {
            pool.closeIdle(Duration.ZERO);
            if (pool.leased() > 0) {
                return false;
            }
            close(pool);
            return true;
        });
    }

    /** Closes every provider's pooled connections (at shutdown). */
    @Override
    public void close() {
        clients.values().forEach(UpstreamClient::close);
        clients.clear();
        retired.forEach(UpstreamClient::close);
        retired.clear();
    }

    private static void close(ProviderConnections pool) {
        try {
            pool.close();
        } catch (IOException e) {
            // closing connections at the end of their use: nothing waits on them
        }
    }
}
