package dev.aurelis.gateway.endpoints;

import dev.aurelis.gateway.pipeline.Exchanges;
import dev.aurelis.gateway.wire.ErrorBodies;
import dev.aurelis.gateway.wire.GatewayError;
import dev.aurelis.providers.WireFormat;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The exchange endpoints, served straight from the servlet container's first filter: the pipeline authenticates,
 * checks and answers every exchange itself, so Spring Security's filter chain, its observations and Spring MVC's
 * dispatch would only add work to the hot path (ADR 0027). Everything else under {@code /v1} ({@code GET
 * /v1/models}) and the rest of the application go on through the usual chain.
 */
@Configuration(proxyBeanMethods = false)
public class DataPlane {

    private static final Map<String, WireFormat> EXCHANGES = Map.of(
            "/v1/chat/completions", WireFormat.OPENAI_CHAT,
            "/v1/completions", WireFormat.OPENAI_COMPLETIONS,
            "/v1/embeddings", WireFormat.OPENAI_EMBEDDINGS,
            "/v1/responses", WireFormat.OPENAI_RESPONSES,
            "/v1/messages", WireFormat.ANTHROPIC_MESSAGES);
    private static final String COUNT_TOKENS = "/v1/messages/count_tokens";

    /** The endpoints this filter serves, as {@code METHOD path} (they have no controller mapping). */
    public static final java.util.Set<String> FILTER_ENDPOINTS = java.util.stream.Stream.concat(
            EXCHANGES.keySet().stream(), java.util.stream.Stream.of(COUNT_TOKENS)).map(path -> "POST " + path)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** Whether the path is one of the exchange endpoints this filter serves (they read their bodies themselves). */
    public static boolean servesPath(String path) {
        return EXCHANGES.containsKey(path) || COUNT_TOKENS.equals(path);
    }

    @Bean
    FilterRegistrationBean<Filter> dataPlaneFilter(Exchanges exchanges, TokenCounting tokenCounting) {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(
                new ExchangeFilter(exchanges, tokenCounting));
        registration.addUrlPatterns("/v1/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1); // after the edge (gateway.edge.Edge)
        registration.setName("aurelisDataPlane");
        return registration;
    }

    private record ExchangeFilter(Exchanges exchanges, TokenCounting tokenCounting) implements Filter {

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest request = (HttpServletRequest) req;
            HttpServletResponse response = (HttpServletResponse) res;
            String path = request.getRequestURI();
            WireFormat format = EXCHANGES.get(path);
            if (format == null && !path.equals(COUNT_TOKENS)) {
                chain.doFilter(request, response);
                return;
            }
            if (format == null) {
                format = WireFormat.ANTHROPIC_MESSAGES;
            }
            if (!"POST".equals(request.getMethod())) {
                methodNotAllowed(format, request, response);
            } else if (path.equals(COUNT_TOKENS)) {
                tokenCounting.handle(request, response);
            } else {
                exchanges.handle(format, request, response);
            }
        }

        private static void methodNotAllowed(WireFormat format, HttpServletRequest request, HttpServletResponse response)
                throws IOException {
            response.setStatus(405);
            response.setHeader("allow", "POST");
            response.setContentType("application/json");
            response.getOutputStream().write(ErrorBodies.body(format, new GatewayError(GatewayError.Kind.INVALID_REQUEST,
                    405, request.getMethod() + " is not supported here; send POST " + request.getRequestURI() + ".",
                    "method_not_allowed", null)));
        }
    }
}
