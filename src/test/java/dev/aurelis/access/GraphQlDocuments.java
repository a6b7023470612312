package dev.aurelis.access;

import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the concrete REST request of an operation (its path with ids, query string and JSON body) into the GraphQL
 * field that stands for it: path variables and query parameters become the field's arguments of the same names, and
 * the body its {@code input} argument (or its other arguments, when it has no {@code input}).
 */
final class GraphQlDocuments {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");

    private GraphQlDocuments() {
    }

    static String field(GraphQLFieldDefinition field, String pattern, String concretePath, String body) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        String path = concretePath;
        int query = path.indexOf('?');
        if (query >= 0) {
            for (String pair : path.substring(query + 1).split("&")) {
                int eq = pair.indexOf('=');
                arguments.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
            path = path.substring(0, query);
        }
        List<String> names = new ArrayList<>();
        Matcher variables = VARIABLE.matcher(pattern);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (variables.find()) {
            regex.append(Pattern.quote(pattern.substring(last, variables.start()))).append("([^/]+)");
            names.add(variables.group(1));
            last = variables.end();
        }
        regex.append(Pattern.quote(pattern.substring(last)));
        Matcher concrete = Pattern.compile(regex.toString()).matcher(path);
        if (!concrete.matches()) {
            throw new AssertionError(path + " does not match " + pattern);
        }
        for (int i = 0; i < names.size(); i++) {
            arguments.put(names.get(i), decode(concrete.group(i + 1)));
        }
        if (body != null && !body.isBlank()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = JSON.readValue(body, LinkedHashMap.class);
            if (field.getArgument("input") != null) {
                arguments.put("input", fields);
            } else {
                arguments.putAll(fields);
            }
        }
        StringBuilder document = new StringBuilder(field.getName());
        List<String> rendered = new ArrayList<>();
        arguments.forEach((name, value) -> {
            GraphQLArgument argument = field.getArgument(name);
            if (argument == null) {
                throw new AssertionError("The GraphQL field " + field.getName() + " has no argument '" + name + "'");
            }
            rendered.add(name + ": " + literal(value, argument.getType()));
        });
        if (!rendered.isEmpty()) {
            document.append('(').append(String.join(", ", rendered)).append(')');
        }
        GraphQLType returned = GraphQLTypeUtil.unwrapAll(field.getType());
        if (returned instanceof GraphQLObjectType) {
            document.append(" { __typename }");
        }
        return document.toString();
    }

    private static String literal(Object value, GraphQLInputType type) {
        String scalar = GraphQLTypeUtil.unwrapAll(type) instanceof GraphQLNamedType named ? named.getName() : "";
        if (value instanceof String text && !GraphQLTypeUtil.isList(GraphQLTypeUtil.unwrapNonNull(type))) {
            return switch (scalar) {
                case "Int", "Float", "Decimal", "Boolean" -> text;
                default -> JSON.writeValueAsString(text);
            };
        }
        return literal(value);
    }

    private static String literal(Object value) {
        return switch (value) {
            case null -> "null";
            case String text -> JSON.writeValueAsString(text);
            case Map<?, ?> map -> {
                List<String> fields = new ArrayList<>();
                map.forEach((k, v) -> fields.add(k + ": " + literal(v)));
                yield "{" + String.join(", ", fields) + "}";
            }
            case List<?> list -> "[" + String.join(", ", list.stream().map(GraphQlDocuments::literal).toList()) + "]";
            default -> String.valueOf(value);
        };
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
