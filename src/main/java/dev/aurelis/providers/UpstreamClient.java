package dev.aurelis.providers;

import dev.aurelis.providers.http.SentOnceBody;
import dev.aurelis.providers.http.StreamingBody;
import dev.aurelis.providers.http.TrustedAuthorities;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.springframework.stereotype.Component;

/**
 * Calls providers over pooled HTTP connections (one JDK client per provider, which keeps its connections
 * alive) and hands back the body as a stream, so a streamed answer can be relayed as it arrives.
 */
@Component
public class UpstreamClient {

    /** Client headers never forwarded: hop-by-hop, credentials, and what the JDK client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "transfer-encoding",
            "authorization", "x-api-key", "api-key", "cookie", "accept-encoding", "keep-alive", "upgrade", "te",
            "trailer", "proxy-authorization", "proxy-connection", "expect", "http2-settings", "via", "forwarded",
            "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto");

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
    private volatile SSLContext tls = TrustedAuthorities.context(null);

    /**
     * Trusts the certificate authorities of a PEM file for calls to providers, besides the JDK's own; null: the
     * JDK's only. Certificates and host names are always verified (the JDK client's default, never turned off).
     */
    public void trustAlso(Path caFile) {
        tls = TrustedAuthorities.context(caFile);
        clients.clear();
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
    public HttpResponse<InputStream> send(ProviderSettings provider, URI uri, Map<String, String> clientHeaders,
            byte[] body, Duration timeout) {
        SentOnceBody sent = new SentOnceBody(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .POST(sent)
                .header("content-type", "application/json");
        boolean anthropic = provider.wireFormat() == WireFormat.ANTHROPIC_MESSAGES;
        clientHeaders.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (NOT_FORWARDED.contains(lower) || lower.equals("content-type") || lower.startsWith("x-aurelis-")
                    || (!anthropic && lower.startsWith("anthropic-"))) {
                return;
            }
            request.setHeader(name, value);
        });
        if (anthropic && !clientHeaders.containsKey("anthropic-version")) {
            request.setHeader("anthropic-version", "2023-06-01");
        }
        provider.headers().forEach(request::setHeader);
        if (provider.apiKey() != null && !provider.apiKey().isBlank()) {
            switch (provider.authStyle()) {
                case BEARER -> request.setHeader("authorization", "Bearer " + provider.apiKey());
                case X_API_KEY -> request.setHeader("x-api-key", provider.apiKey());
                case AZURE_API_KEY -> request.setHeader("api-key", provider.apiKey());
            }
        }
        try {
            return client(provider).send(request.build(), info -> new StreamingBody());
        } catch (HttpConnectTimeoutException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.CONNECT, provider.name(),
                    "Timed out connecting to provider '" + provider.name() + "'", e);
        } catch (HttpTimeoutException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, provider.name(),
                    "Provider '" + provider.name() + "' did not answer within " + timeout.toSeconds() + " s", e);
        } catch (ConnectException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.CONNECT, provider.name(),
                    "Could not connect to provider '" + provider.name() + "'", e);
        } catch (IOException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.IO, provider.name(),
                    "Provider '" + provider.name() + "' failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // our own cancellation (shutdown, a caller's thread stopped), not the provider's failure
            throw new UpstreamFailure(UpstreamFailure.Kind.CANCELLED, provider.name(),
                    "The call to provider '" + provider.name() + "' was cancelled before it answered", e);
        } finally {
            sent.release(); // the answer keeps its request: an open stream need not keep the bytes too
        }
    }

    private HttpClient client(ProviderSettings provider) {
        return clients.computeIfAbsent(provider.name(), name -> HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .version(provider.baseUrl().getScheme().equals("https") ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(tls)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build());
    }
}
