package dev.aurelis.workflows.webhooks;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The code hosts' webhook endpoints, served from a servlet filter ahead of Spring Security's chain: a delivery
 * carries no key or session, it authenticates itself (GitHub's signature, GitLab's token), and the endpoint answers
 * before any review work starts.
 */
@Configuration(proxyBeanMethods = false)
public class WebhookEndpoints {

    /** The endpoints this filter serves, as {@code METHOD path}. */
    public static final Set<String> FILTER_ENDPOINTS = Set.of("POST /webhooks/github", "POST /webhooks/gitlab");

    /** A code host's handler of deliveries. */
    public interface Receiver {
        /** The path it serves, e.g. {@code /webhooks/github}. */
        String path();

        void handle(HttpServletRequest request, HttpServletResponse response) throws IOException;
    }

    @Bean
    FilterRegistrationBean<Filter> workflowWebhooks(java.util.List<Receiver> receivers) {
        Map<String, Receiver> byPath = new java.util.HashMap<>();
        receivers.forEach(r -> byPath.put(r.path(), r));
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new Endpoints(Map.copyOf(byPath)));
        registration.addUrlPatterns("/webhooks/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.setName("aurelisWorkflowWebhooks");
        return registration;
    }

    private record Endpoints(Map<String, Receiver> receivers) implements Filter {

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest request = (HttpServletRequest) req;
            HttpServletResponse response = (HttpServletResponse) res;
            Receiver receiver = receivers.get(request.getRequestURI());
            if (receiver == null) {
                WebhookAnswer.error(response, 404, "not_found_error", "No webhook is served at " + request.getRequestURI()
                        + "; use /webhooks/github or /webhooks/gitlab.");
            } else if (!"POST".equals(request.getMethod())) {
                response.setHeader("allow", "POST");
                WebhookAnswer.error(response, 405, "invalid_request_error", "Webhooks are delivered with POST.");
            } else {
                receiver.handle(request, response);
            }
        }
    }
}
