package dev.aurelis.alerting.channels;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Posts JSON to a channel's URL and says how it went: 2xx delivered; 408, 429 and 5xx (and no answer) worth another
 * try, after {@code Retry-After} when the destination sends it; any other status refused. The URL is never put in
 * an outcome's detail: for Slack and Teams it is the secret.
 */
final class HttpDelivery {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpDelivery() {
    }

    static Outcome post(String url, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.strip())).timeout(TIMEOUT)
                .header("content-type", "application/json").header("user-agent", "Aurelis-Alerting")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return Outcome.delivered();
            }
            String detail = "HTTP " + status + answer(response.body());
            if (status == 408 || status == 429 || status >= 500) {
                return Outcome.retry(detail, retryAfter(response).orElse(null));
            }
            return Outcome.refused(detail);
        } catch (HttpTimeoutException e) {
            return Outcome.retry("no answer within " + TIMEOUT.toSeconds() + " s", null);
        } catch (IOException e) {
            return Outcome.retry("could not connect: " + e.getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.retry("interrupted", null);
        }
    }

    private static String answer(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        return ": " + Texts.cut(body.strip().replaceAll("\\s+", " "), 200);
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("retry-after").flatMap(value -> {
            try {
                long seconds = Long.parseLong(value.strip());
                return Optional.of(Duration.ofSeconds(Math.clamp(seconds, 1, 3600)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }
}
