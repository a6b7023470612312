package dev.aurelis.audit.stream;

import dev.aurelis.audit.AuditEntry;
import dev.aurelis.audit.AuditFormats;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An HTTPS (or HTTP) endpoint of the customer's: each batch is one POST of JSON lines, signed so the receiver can tell
 * it came from this deployment and was not replayed: {@code X-Aurelis-Timestamp} (epoch seconds) and
 * {@code X-Aurelis-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the shared secret>}. Any 2xx
 * answer delivers the batch.
 */
final class SignedWebhook implements Destination {

    private final String name;
    private final URI endpoint;
    private final byte[] secret;
    private final Clock clock;
    private final HttpClient http;

    SignedWebhook(String name, URI endpoint, byte[] secret, Clock clock) {
        this.name = name;
        this.endpoint = endpoint;
        this.secret = secret.clone();
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(List<AuditEntry> entries) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder();
        entries.forEach(e -> body.append(AuditFormats.jsonLine(e)).append('\n'));
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-ndjson")
                .header("X-Aurelis-Timestamp", timestamp)
                .header("X-Aurelis-Signature", "sha256=" + sign(secret, timestamp, body.toString()))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("the webhook answered " + response.statusCode() + ": "
                    + SplunkHec.abbreviate(response.body()));
        }
    }

    static String sign(byte[] secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
