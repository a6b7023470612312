package dev.aurelis.api.graphql;

import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

/**
 * The GraphQL schema belongs to this module: it is loaded from next to its resolvers rather than from the default
 * {@code graphql/} folder, so an application context without this module (a module test) has no schema to build and
 * no GraphQL endpoint, instead of a schema whose scalars nobody implements.
 */
@Configuration(proxyBeanMethods = false)
class Schema {

    static final String LOCATION = "dev/aurelis/api/graphql/aurelis.graphqls";

    @Bean
    GraphQlSourceBuilderCustomizer adminSchema() {
        return builder -> builder.schemaResources(new ClassPathResource(LOCATION));
    }
}
