package dev.aurelis.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * The command line's only way into Aurelis: JSON over HTTP to the admin API of a running server, with the
 * admin key as a bearer token. Every failure becomes a {@link CliException} worded for the person at the
 * terminal.
 */
final class AdminClient {

    static final String START_HINT = "Is the server running? Start it with ./aurelis serve, "
            + "or point --url (or AURELIS_URL) at the server.";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** A response as received, for the calls whose status is itself the answer (health, readiness). */
    record Response(int status, String body) {

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final String baseUrl;

    private final String adminKey;

    private final JsonMapper json;

    private final HttpClient http;

    AdminClient(String baseUrl, String adminKey, JsonMapper json) {
        this.baseUrl = checkedBaseUrl(baseUrl);
        this.adminKey = adminKey == null || adminKey.isBlank() ? null : adminKey.strip();
        this.json = json;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    String baseUrl() {
        return baseUrl;
    }

    /**
     * Calls the admin API with the admin key and returns the parsed JSON body ({@link MissingNode} when there
     * is none, as for {@code 204 No Content}); an error status becomes a {@link CliException} carrying the
     * server's {@code error.message}.
     */
    JsonNode call(String method, String path, Map<String, String> query, JsonNode body) {
        return call(method, path, query, body, REQUEST_TIMEOUT);
    }

    /** {@link #call(String, String, Map, JsonNode)} for calls that may take longer, such as a review. */
    JsonNode call(String method, String path, Map<String, String> query, JsonNode body, Duration timeout) {
        return body == null ? send(method, path, query, null, null, timeout)
                : send(method, path, query, "application/json", json.writeValueAsString(body), timeout);
    }

    /** A call whose body is a document of another type (a YAML configuration); the answer is JSON as for {@code call}. */
    JsonNode send(String method, String path, Map<String, String> query, String contentType, String text,
            Duration timeout) {
        if (adminKey == null) {
            throw new CliException("no admin key: set AURELIS_ADMIN_KEY or pass --admin-key",
                    "Use the admin key the server was configured with.", 1);
        }
        HttpRequest.Builder request = request(path, query).timeout(timeout)
                .header("Authorization", "Bearer " + adminKey)
                .header("Accept", "application/json");
        if (text != null) {
            request.header("Content-Type", contentType)
                    .method(method, HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        Response response = send(request.build());
        if (!response.ok()) {
            throw failure(response);
        }
        if (response.body().isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return json.readTree(response.body());
        } catch (JacksonException e) {
            throw new CliException("the server at " + baseUrl + " answered " + method + " " + path
                    + " with something that is not JSON: " + abbreviate(response.body()));
        }
    }

    /** A GET with the admin key whose body is returned as text (exports: JSON lines, CSV, HTML). */
    String text(String path, Map<String, String> query, String accept) {
        if (adminKey == null) {
            throw new CliException("no admin key: set AURELIS_ADMIN_KEY or pass --admin-key",
                    "Use the admin key the server was configured with.", 1);
        }
        Response response = send(request(path, query).header("Authorization", "Bearer " + adminKey)
                .header("Accept", accept).GET().build());
        if (!response.ok()) {
            throw failure(response);
        }
        return response.body();
    }

    /** A GET with the admin key whose body is a file (an SDK download), returned as bytes. */
    byte[] download(String path) {
        if (adminKey == null) {
            throw new CliException("no admin key: set AURELIS_ADMIN_KEY or pass --admin-key",
                    "Use the admin key the server was configured with.", 1);
        }
        HttpRequest request = request(path, Map.of()).header("Authorization", "Bearer " + adminKey)
                .header("Accept", "application/octet-stream, application/zip, application/java-archive, application/json")
                .GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() / 100 != 2) {
                throw failure(new Response(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8)));
            }
            return response.body();
        } catch (IOException e) {
            throw new CliException("request to " + baseUrl + " failed: " + describe(e), START_HINT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while waiting for " + baseUrl);
        }
    }

    /** A form POST without the admin key (RFC 8628's endpoints), whatever the status. */
    Response postForm(String path, Map<String, String> form) {
        StringJoiner body = new StringJoiner("&");
        form.forEach((name, value) -> body.add(encode(name) + "=" + encode(value)));
        return send(request(path, Map.of()).header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    /** A plain GET without the admin key, whatever the status. */
    Response get(String path) {
        return send(request(path, Map.of()).header("Accept", "application/json").GET().build());
    }

    /** Reads a body as JSON, or returns {@link MissingNode} when it is not JSON. */
    JsonNode parseOrMissing(String body) {
        try {
            return body == null || body.isBlank() ? MissingNode.getInstance() : json.readTree(body);
        } catch (JacksonException e) {
            return MissingNode.getInstance();
        }
    }

    private HttpRequest.Builder request(String path, Map<String, String> query) {
        StringBuilder uri = new StringBuilder(baseUrl).append(path);
        StringJoiner parameters = new StringJoiner("&");
        query.forEach((name, value) -> {
            if (value != null) {
                parameters.add(encode(name) + "=" + encode(value));
            }
        });
        if (parameters.length() > 0) {
            uri.append('?').append(parameters);
        }
        return HttpRequest.newBuilder(URI.create(uri.toString()))
                .timeout(REQUEST_TIMEOUT)
                .header("User-Agent", "aurelis-cli/" + AurelisCommand.version());
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.body() == null ? "" : response.body());
        } catch (HttpConnectTimeoutException e) {
            throw new CliException("cannot connect to Aurelis at " + baseUrl + " (no answer within "
                    + CONNECT_TIMEOUT.toSeconds() + "s)", START_HINT);
        } catch (HttpTimeoutException e) {
            throw new CliException("Aurelis at " + baseUrl + " did not answer within "
                    + request.timeout().orElse(REQUEST_TIMEOUT).toSeconds() + "s");
        } catch (IOException e) {
            if (causedBy(e, ConnectException.class)) {
                throw new CliException("cannot connect to Aurelis at " + baseUrl + " (connection refused)", START_HINT);
            }
            if (causedBy(e, UnresolvedAddressException.class) || causedBy(e, java.net.UnknownHostException.class)) {
                throw new CliException("cannot connect to Aurelis at " + baseUrl + " (unknown host)", START_HINT);
            }
            throw new CliException("request to " + baseUrl + " failed: " + describe(e), START_HINT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while waiting for " + baseUrl);
        }
    }

    private CliException failure(Response response) {
        JsonNode body = parseOrMissing(response.body());
        JsonNode message = body.path("error").path("message");
        String text = message.isString() && !message.asString().isBlank()
                ? message.asString()
                : "HTTP " + response.status() + (response.body().isBlank() ? "" : ": " + abbreviate(response.body()));
        String hint = switch (response.status()) {
            case 401 -> "Check the admin key (--admin-key or AURELIS_ADMIN_KEY) against the server's configuration.";
            case 403 -> "The key was accepted but may not use the admin API: use the admin key.";
            default -> null;
        };
        return new CliException(text, hint, 1);
    }

    private static String checkedBaseUrl(String url) {
        String trimmed = url == null ? "" : url.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getFragment() == null) {
                return trimmed;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new CliException("'" + url + "' is not a usable admin API URL",
                "Give the server's base URL, such as http://localhost:8080, with --url or AURELIS_URL.", 2);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Encodes one path segment, such as a key id. */
    static String segment(String value) {
        return encode(value);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static String abbreviate(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "…";
    }
}
