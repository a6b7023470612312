package dev.aurelis.api.graphql;

import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Hands the authenticated caller of a {@code /graphql} request (taken on the request's own thread, where the
 * security chain put it) to the fields through the GraphQL context, whichever thread then runs them.
 */
@Component
class CallerContext implements WebGraphQlInterceptor {

    static final String AUTHENTICATION = CallerContext.class.getName() + ".authentication";

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null) {
            request.configureExecutionInput((input, builder) ->
                    builder.graphQLContext(context -> context.put(AUTHENTICATION, authentication)).build());
        }
        return chain.next(request);
    }
}
