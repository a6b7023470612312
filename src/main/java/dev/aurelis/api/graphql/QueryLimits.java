package dev.aurelis.api.graphql;

import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Bounds on what one GraphQL request may ask: its depth ({@code aurelis.graphql.max-depth}, 15, enough for the
 * standard introspection query) and its complexity, one per field selected ({@code aurelis.graphql.max-complexity},
 * 300). A request beyond either is refused before any field runs.
 */
@Configuration(proxyBeanMethods = false)
class QueryLimits {

    @Bean
    MaxQueryDepthInstrumentation maxQueryDepth(@Value("${aurelis.graphql.max-depth:15}") int maxDepth) {
        return new MaxQueryDepthInstrumentation(maxDepth);
    }

    @Bean
    MaxQueryComplexityInstrumentation maxQueryComplexity(
            @Value("${aurelis.graphql.max-complexity:300}") int maxComplexity) {
        return new MaxQueryComplexityInstrumentation(maxComplexity);
    }
}
