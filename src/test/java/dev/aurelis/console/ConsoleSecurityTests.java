package dev.aurelis.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.AnalyticsTestBase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The console's guards over plain HTTP: strangers are sent to sign in, API keys do not open it, every page carries
 * the Content-Security-Policy that forbids inline code, its scripts are served by Aurelis itself, and a form posted
 * without the session's CSRF token is refused.
 */
class ConsoleSecurityTests extends AnalyticsTestBase {

    private HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    @Test
    void strangersAndApiKeysAreSentToSignIn() {
        HttpResponse<String> stranger = get("/console/usage?by=team", "accept", "text/html");
        assertThat(stranger.statusCode()).isEqualTo(303);
        assertThat(stranger.headers().firstValue("location")).contains("/login?next=%2Fconsole%2Fusage%3Fby%3Dteam");

        HttpResponse<String> key = get("/console", "authorization", "Bearer " + ADMIN_KEY, "accept", "text/html");
        assertThat(key.statusCode()).as("an API key is no console session").isEqualTo(303);
    }

    @Test
    void pagesForbidInlineCodeAndTheirScriptsComeFromAurelis() {
        HttpResponse<String> login = get("/login", "accept", "text/html");
        assertThat(login.statusCode()).isEqualTo(200);
        String policy = login.headers().firstValue("content-security-policy").orElseThrow();
        assertThat(policy).contains("script-src 'self'").contains("style-src 'self'").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(login.body()).doesNotContain("<script>").doesNotContain("<style>").doesNotContain("onclick=")
                .contains("/assets/aurelis.css");

        for (String asset : java.util.List.of("/webjars/htmx.org/dist/htmx.min.js", "/webjars/chart.js/dist/chart.umd.js",
                "/assets/console.js", "/assets/passkey.js", "/assets/aurelis.css")) {
            assertThat(get(asset).statusCode()).as(asset).isEqualTo(200);
        }
    }

    @Test
    void aFormPostedWithoutTheCsrfTokenIsRefused() {
        HttpResponse<String> forged = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/console/keys"))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", "AURELIS_SESSION=forged")
                .POST(HttpRequest.BodyPublishers.ofString("user=mallory%40example.com")).build());
        assertThat(forged.statusCode()).isEqualTo(403);
    }
}
