package dev.aurelis.webhooks.delivery;

import dev.aurelis.alerting.WebhookSignatures;
import dev.aurelis.webhooks.events.CloudEvents;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;

/**
 * Sends one message: a POST of the CloudEvents body with the Standard Webhooks headers ({@code webhook-id},
 * {@code webhook-timestamp}, {@code webhook-signature}), signed afresh at each attempt since the timestamp is part of
 * what is signed. 2xx delivers; 408, 429, 5xx and no answer are worth another try (after the endpoint's
 * {@code Retry-After} when it sends one); other statuses are refused and not tried again. Redirects are not followed.
 */
final class Poster {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** How it went: {@code delivered}, {@code retry} or {@code refused}; the status when there was an answer. */
    record Answer(String outcome, Integer status, String detail, Duration retryAfter) {
    }

    private Poster() {
    }

    static Answer post(String url, String secret, String messageId, String body, Instant now) {
        long timestamp = now.getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("content-type", CloudEvents.CONTENT_TYPE)
                .header("user-agent", "Aurelis-Webhooks")
                .header("webhook-id", messageId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSignatures.sign(secret, messageId, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Answer("delivered", status, null, null);
            }
            String detail = "HTTP " + status + snippet(response.body());
            if (status == 408 || status == 429 || status >= 500) {
                return new Answer("retry", status, detail, retryAfter(response));
            }
            return new Answer("refused", status, detail, null);
        } catch (HttpTimeoutException e) {
            return new Answer("retry", null, "no answer within " + TIMEOUT.toSeconds() + " s", null);
        } catch (IOException e) {
            return new Answer("retry", null, "could not connect: " + e.getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer("retry", null, "interrupted", null);
        }
    }

    private static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text = body.strip().replaceAll("\\s+", " ");
        return ": " + (text.length() > 200 ? text.substring(0, 200) + "…" : text);
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("retry-after").map(value -> {
            try {
                return Duration.ofSeconds(Math.clamp(Long.parseLong(value.strip()), 1, 3600));
            } catch (NumberFormatException e) {
                return null;
            }
        }).orElse(null);
    }
}
