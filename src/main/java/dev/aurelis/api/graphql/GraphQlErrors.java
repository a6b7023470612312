package dev.aurelis.api.graphql;

import dev.aurelis.access.AccessConflict;
import dev.aurelis.access.AccessDenied;
import dev.aurelis.identity.UserConflict;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import java.util.Map;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.stereotype.Component;

/**
 * A field's failure as a GraphQL error with the REST operation's status and error type in its extensions, and the
 * same message: a refusal is {@code FORBIDDEN} (403, {@code permission_error}), bad input {@code BAD_REQUEST} (400),
 * something absent or out of reach {@code NOT_FOUND} (404), a conflict 409. Anything else is logged and answered
 * without its details, as the REST API does.
 */
@Component
class GraphQlErrors extends DataFetcherExceptionResolverAdapter {

    private static final Logger log = LoggerFactory.getLogger(GraphQlErrors.class);

    @Override
    protected GraphQLError resolveToSingleError(Throwable e, DataFetchingEnvironment env) {
        return switch (e) {
            case AccessDenied denied -> error(env, ErrorType.FORBIDDEN, 403, "permission_error", denied.getMessage());
            case AccessConflict conflict -> error(env, ErrorType.BAD_REQUEST, 409, "conflict_error", conflict.getMessage());
            case UserConflict conflict -> error(env, ErrorType.BAD_REQUEST, 409, "conflict_error", conflict.getMessage());
            case NoSuchElementException missing -> error(env, ErrorType.NOT_FOUND, 404, "not_found_error",
                    missing.getMessage());
            case IllegalArgumentException invalid -> error(env, ErrorType.BAD_REQUEST, 400, "invalid_request_error",
                    invalid.getMessage());
            case java.time.DateTimeException invalid -> error(env, ErrorType.BAD_REQUEST, 400, "invalid_request_error",
                    invalid.getMessage());
            case tools.jackson.core.JacksonException invalid -> error(env, ErrorType.BAD_REQUEST, 400,
                    "invalid_request_error", "An argument is not of the expected shape: "
                            + invalid.getOriginalMessage());
            default -> {
                if (e.getClass().getSimpleName().equals("WebhooksSwitchedOff")) {
                    yield error(env, ErrorType.BAD_REQUEST, 409, "conflict_error", e.getMessage());
                }
                log.error("GraphQL field {} failed", env.getField().getName(), e);
                yield error(env, ErrorType.INTERNAL_ERROR, 500, "api_error",
                        "The request failed inside Aurelis; the log has the details.");
            }
        };
    }

    private static GraphQLError error(DataFetchingEnvironment env, ErrorType type, int status, String restType,
            String message) {
        return GraphqlErrorBuilder.newError(env).errorType(type).message(message)
                .extensions(Map.of("status", status, "type", restType)).build();
    }
}
