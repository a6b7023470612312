package dev.aurelis.operations;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The metrics on the main port ({@code GET /metrics}, {@code /management/prometheus}) show per-team spend and
 * traffic, so a scrape must present {@code aurelis.metrics.token} ({@code AURELIS_METRICS_TOKEN}) as a bearer
 * token; without a token configured every scrape on the main port is refused. A management port of its own
 * ({@code AURELIS_MANAGEMENT_PORT}) serves {@code /management/prometheus} without a token, for networks that
 * reach only that port from the scraper (docs/operations.md).
 */
@Configuration(proxyBeanMethods = false)
class MetricsAccess {

    @Bean
    FilterRegistrationBean<Filter> metricsTokenFilter(@Value("${aurelis.metrics.token:}") String token) {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new TokenFilter(token.strip()));
        registration.addUrlPatterns("/metrics", "/management/prometheus");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.setName("aurelisMetricsToken");
        return registration;
    }

    record TokenFilter(String token) implements Filter {

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest request = (HttpServletRequest) req;
            HttpServletResponse response = (HttpServletResponse) res;
            if (token.isEmpty()) {
                refuse(response, "The metrics need a token: set AURELIS_METRICS_TOKEN and scrape with "
                        + "'Authorization: Bearer <token>', or serve them on a management port (AURELIS_MANAGEMENT_PORT).");
                return;
            }
            String authorization = request.getHeader("authorization");
            if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                    || !MessageDigest.isEqual(authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8),
                            token.getBytes(StandardCharsets.UTF_8))) {
                refuse(response, "Scrape the metrics with 'Authorization: Bearer <AURELIS_METRICS_TOKEN>'.");
                return;
            }
            chain.doFilter(request, response);
        }

        private static void refuse(HttpServletResponse response, String message) throws IOException {
            response.setStatus(401);
            response.setHeader("www-authenticate", "Bearer realm=\"metrics\"");
            response.setContentType("text/plain;charset=utf-8");
            response.getOutputStream().write((message + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
