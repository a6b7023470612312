package dev.aurelis.api.graphql;

import dev.aurelis.configuration.ActiveConfiguration;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code advanced_features.graphql_api}: unless true, {@code /graphql} and its schema are not served (404 in the
 * admin API's error shape, saying which setting turns it on).
 */
@Component
class GraphQlSwitch extends OncePerRequestFilter {

    private static final byte[] OFF = ("{\"error\":{\"message\":\"The GraphQL API is switched off; set "
            + "advanced_features.graphql_api: true to serve it.\",\"type\":\"not_found_error\"}}")
            .getBytes(StandardCharsets.UTF_8);

    private final boolean enabled;

    GraphQlSwitch(ActiveConfiguration configuration) {
        this.enabled = configuration.config().advancedFeatures().graphqlApi();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return enabled || !(uri.equals("/graphql") || uri.startsWith("/graphql/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        response.setContentType("application/json");
        response.getOutputStream().write(OFF);
    }
}
