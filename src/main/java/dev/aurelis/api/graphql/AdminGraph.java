package dev.aurelis.api.graphql;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLFieldDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import tools.jackson.databind.JsonNode;

/**
 * The fields of the GraphQL schema ({@code aurelis.graphqls} next to it), each the admin REST operation its description
 * begins with: the field's arguments are the operation's parameters (and body), its answer the operation's JSON. The
 * schema is thus the one list of the correspondence, which the authorization tests walk for every role.
 */
@Controller
class AdminGraph {

    /** A field's description begins with the REST operation it stands for, e.g. {@code GET /api/v1/keys}. */
    static final Pattern OPERATION = Pattern.compile("^(GET|POST|PUT|PATCH|DELETE) (/[^\\s:]+)");

    private final RestOperations rest;

    AdminGraph(RestOperations rest) {
        this.rest = rest;
    }

    @QueryMapping
    Object users(DataFetchingEnvironment env) {
        return list(env, "data");
    }

    @QueryMapping
    Object user(DataFetchingEnvironment env) {
        return one(env);
    }

    @QueryMapping
    Object teams(DataFetchingEnvironment env) {
        return list(env, "data");
    }

    @QueryMapping
    Object keys(DataFetchingEnvironment env) {
        return list(env, "data");
    }

    @QueryMapping
    Object key(DataFetchingEnvironment env) {
        return one(env);
    }

    @QueryMapping
    Object budgets(DataFetchingEnvironment env) {
        return list(env, "budgets");
    }

    @QueryMapping
    Object budget(DataFetchingEnvironment env) {
        return one(env);
    }

    @QueryMapping
    Object budget_events(DataFetchingEnvironment env) {
        return list(env, "events");
    }

    @QueryMapping
    Object usage(DataFetchingEnvironment env) {
        return one(env);
    }

    @QueryMapping
    Object cost_report(DataFetchingEnvironment env) {
        return one(env);
    }

    @QueryMapping
    Object alerts(DataFetchingEnvironment env) {
        return list(env, "alerts");
    }

    @QueryMapping
    Object roles(DataFetchingEnvironment env) {
        return one(env);
    }

    @QueryMapping
    Object webhooks(DataFetchingEnvironment env) {
        return list(env, "subscriptions");
    }

    @QueryMapping
    Object workspaces(DataFetchingEnvironment env) {
        return list(env, "workspaces");
    }

    @QueryMapping
    Object workspace(DataFetchingEnvironment env) {
        return one(env);
    }

    /** A workspace's context: its own REST operation, so its own permission and membership checks. */
    @SchemaMapping(typeName = "Workspace", field = "context")
    Object context(Map<String, Object> workspace, DataFetchingEnvironment env) {
        JsonNode answer = rest.call(authentication(env), operation(env.getFieldDefinition()),
                Map.of("name", workspace.get("name")));
        return answer == null ? null : plain(answer);
    }

    @QueryMapping
    Object sessions(DataFetchingEnvironment env) {
        return list(env, "sessions");
    }

    @QueryMapping
    Object session(DataFetchingEnvironment env) {
        return one(env);
    }

    @MutationMapping
    Object issue_key(DataFetchingEnvironment env) {
        return one(env);
    }

    @MutationMapping
    boolean revoke_key(DataFetchingEnvironment env) {
        return done(env);
    }

    @MutationMapping
    Object rotate_key(DataFetchingEnvironment env) {
        return one(env);
    }

    @MutationMapping
    Object save_budget(DataFetchingEnvironment env) {
        return one(env);
    }

    @MutationMapping
    boolean delete_budget(DataFetchingEnvironment env) {
        return done(env);
    }

    @MutationMapping
    Object set_team_models(DataFetchingEnvironment env) {
        return one(env);
    }

    @MutationMapping
    Object acknowledge_alert(DataFetchingEnvironment env) {
        return one(env);
    }

    @MutationMapping
    Object create_webhook(DataFetchingEnvironment env) {
        return one(env);
    }

    @MutationMapping
    boolean delete_webhook(DataFetchingEnvironment env) {
        return done(env);
    }

    /** The REST operation a field stands for, from its description in the schema. */
    static String operation(GraphQLFieldDefinition field) {
        Matcher matcher = OPERATION.matcher(field.getDescription() == null ? "" : field.getDescription());
        if (!matcher.find()) {
            throw new IllegalStateException("The GraphQL field " + field.getName() + " names no REST operation");
        }
        return matcher.group(1) + " " + matcher.group(2);
    }

    private JsonNode call(DataFetchingEnvironment env) {
        return rest.call(authentication(env), operation(env.getFieldDefinition()), env.getArguments());
    }

    private static Authentication authentication(DataFetchingEnvironment env) {
        Authentication authentication = env.getGraphQlContext().get(CallerContext.AUTHENTICATION);
        if (authentication == null) {
            throw new IllegalStateException("A GraphQL field ran without the request's caller");
        }
        return authentication;
    }

    private Object one(DataFetchingEnvironment env) {
        JsonNode answer = call(env);
        return answer == null ? null : plain(answer);
    }

    private Object list(DataFetchingEnvironment env, String property) {
        JsonNode answer = call(env);
        return answer == null || !answer.path(property).isArray() ? List.of() : plain(answer.path(property));
    }

    /** The JSON as maps, lists and values, numbers kept exact (a decimal stays a BigDecimal). */
    static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), plain(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(plain(element)));
            return list;
        }
        if (node.isNumber()) {
            return node.isIntegralNumber() ? (Object) node.bigIntegerValue() : node.decimalValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isNull() || node.isMissingNode() ? null : node.asString();
    }

    private boolean done(DataFetchingEnvironment env) {
        call(env);
        return true;
    }
}
