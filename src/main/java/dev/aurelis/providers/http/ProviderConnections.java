package dev.aurelis.providers.http;

import dev.aurelis.providers.UpstreamAnswer;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * One provider's pool of HTTP/1.1 keep-alive connections (ADR 0084). A call runs on the exchange's own virtual
 * thread: it writes the request and reads the answer straight from the socket, with no selector thread between.
 * Certificates and host names are always verified, by the JDK's own TLS (never turned off).
 */
public final class ProviderConnections implements AutoCloseable {

    /** A connection idle this long is checked before it is used again, in case the provider closed it meanwhile. */
    private static final TimeValue CHECK_AFTER = TimeValue.ofSeconds(2);
    /**
     * Bytes of each connection's read and write buffers. The client's default, 32 KB, made an open stream hold 96 KB
     * in buffers; answers are relayed event by event and requests written whole, so 8 KB loses nothing.
     */
    private static final int BUFFER = 8 * 1024;
    /** No cap of our own: the exchanges in flight are bounded by {@code gateway.max_in_flight}. */
    private static final int UNCAPPED = 100_000;

    private final CloseableHttpClient client;
    private final PoolingHttpClientConnectionManager pool;
    private final AnswerDeadlines deadlines;

    public ProviderConnections(SSLContext tls, Duration connectTimeout, AnswerDeadlines deadlines) {
        this.deadlines = deadlines;
        Timeout connect = Timeout.of(connectTimeout);
        this.pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                        .http1Config(Http1Config.custom().setBufferSize(BUFFER).build())
                        .build())
                .setMaxConnTotal(UNCAPPED)
                .setMaxConnPerRoute(UNCAPPED)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connect)
                        .setSocketTimeout(connect) // the TLS handshake's reads
                        .setValidateAfterInactivity(CHECK_AFTER)
                        .build())
                .setTlsSocketStrategy(ClientTlsStrategyBuilder.create()
                        .setSslContext(tls)
                        .setHostVerificationPolicy(HostnameVerificationPolicy.BUILTIN)
                        .buildClassic())
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(pool)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .disableConnectionState()
                .build();
    }

    /**
     * POSTs {@code body} and returns once the answer's headers have arrived, within {@code timeout} (give or take a
     * sweep of the {@link AnswerDeadlines}); its body is then read without a time limit (a stream's silence is the
     * stream watchdog's to judge, ADR 0073).
     *
     * @param headers sent as given, after the content type
     * @throws SocketTimeoutException when the answer's headers did not arrive within {@code timeout}
     */
    public UpstreamAnswer post(URI uri, Map<String, String> headers, byte[] body, Duration timeout) throws IOException {
        HttpPost post = new HttpPost(uri);
        post.setConfig(RequestConfig.custom()
                .setResponseTimeout(Timeout.INFINITE) // the socket reads untimed: the deadline is swept
                .setProtocolUpgradeEnabled(false)
                .build());
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        headers.forEach(post::setHeader);
        AnswerDeadlines.Call call = deadlines.watch(timeout, post::cancel);
        ClassicHttpResponse response;
        try {
            response = client.executeOpen(null, post, null);
        } catch (IOException | RuntimeException e) {
            if (!call.end()) {
                throw late(timeout, e);
            }
            throw e; // ended: the sweep forgets it and never aborts a call that is over
        }
        if (!call.end()) {
            SocketTimeoutException late = late(timeout, null);
            try {
                response.close(); // aborted as the headers came: its connection is closed already
            } catch (IOException e) {
                late.addSuppressed(e); // still a timeout, whatever closing the aborted answer says
            }
            throw late;
        }
        post.setEntity(null); // sent: an answer that streams for minutes need not keep the request's bytes
        HttpEntity entity = response.getEntity();
        InputStream content = entity == null ? null : entity.getContent();
        return new Answer(response, new ProviderBody(content, post, response));
    }

    private static SocketTimeoutException late(Duration timeout, Exception cause) {
        SocketTimeoutException late = new SocketTimeoutException("No answer within " + timeout);
        late.initCause(cause);
        return late;
    }

    /** Closes the connections idle for longer than {@code idle}, and those the provider closed meanwhile. */
    public void closeIdle(Duration idle) {
        pool.closeIdle(TimeValue.of(idle));
        pool.closeExpired();
    }

    /** How many connections are lent to calls now. */
    public int leased() {
        return pool.getTotalStats().getLeased();
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    private record Answer(ClassicHttpResponse response, ProviderBody body) implements UpstreamAnswer {

        @Override
        public int statusCode() {
            return response.getCode();
        }

        @Override
        public Optional<String> header(String name) {
            Header header = response.getFirstHeader(name);
            return header == null ? Optional.empty() : Optional.ofNullable(header.getValue());
        }
    }
}
