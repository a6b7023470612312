package dev.aurelis.identity.signin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * A browser as far as sign-in is concerned: a cookie jar, redirects followed one by one (so tests can look at
 * each hop), and the CSRF token read from its cookie and sent back in the header, as the console's scripts do.
 * Every request gives up after {@link #TIMEOUT}, so a server that never answers fails the test instead of hanging it.
 */
final class Browser {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String base;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;

    Browser(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    HttpResponse<String> get(String pathOrUrl) {
        return send(HttpRequest.newBuilder(uri(pathOrUrl)).header("accept", "text/html,application/json").GET().build());
    }

    /** GET, then every redirect after it; returns the last response. */
    HttpResponse<String> follow(String pathOrUrl) {
        HttpResponse<String> response = get(pathOrUrl);
        for (int hops = 0; hops < 15 && isRedirect(response); hops++) {
            response = get(response.uri().resolve(response.headers().firstValue("location").orElseThrow()).toString());
        }
        return response;
    }

    HttpResponse<String> postForm(String path, Map<String, String> form) {
        return postForm(path, form, true);
    }

    HttpResponse<String> postForm(String path, Map<String, String> form, boolean withCsrfToken) {
        StringJoiner body = new StringJoiner("&");
        form.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("accept", "application/json")
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (withCsrfToken) {
            csrfToken().ifPresent(token -> request.header("X-XSRF-TOKEN", token));
        }
        return send(request.build());
    }

    /** Submits an HTML form as a browser does: its fields (the CSRF token among them) in the body, asking for a page. */
    HttpResponse<String> submitForm(String path, Map<String, String> form) {
        StringJoiner body = new StringJoiner("&");
        form.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return send(HttpRequest.newBuilder(uri(path)).header("accept", "text/html,application/xhtml+xml")
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    HttpResponse<String> postJson(String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("accept", "application/json")
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        csrfToken().ifPresent(token -> request.header("X-XSRF-TOKEN", token));
        return send(request.build());
    }

    HttpResponse<String> send(HttpRequest request) {
        HttpRequest bounded = request.timeout().isPresent() ? request
                : HttpRequest.newBuilder(request, (name, value) -> true).timeout(TIMEOUT).build();
        try {
            return http.send(bounded, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Loads the sign-in page once so the CSRF cookie exists. */
    Browser withCsrfCookie() {
        if (csrfToken().isEmpty()) {
            get("/login");
        }
        return this;
    }

    Optional<String> csrfToken() {
        return cookie("XSRF-TOKEN");
    }

    Optional<String> cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).findFirst();
    }

    void dropCookie(String name) {
        cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).toList()
                .forEach(c -> cookies.getCookieStore().remove(null, c));
    }

    private URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl);
    }

    static boolean isRedirect(HttpResponse<?> response) {
        return response.statusCode() >= 300 && response.statusCode() < 400 && response.headers().firstValue("location").isPresent();
    }
}
