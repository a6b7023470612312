package dev.aurelis.configuration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in every string value of a YAML tree, as a shell would:
 * the default applies when the variable is unset or empty. {@code $${NAME}} stays as the literal {@code ${NAME}}.
 * Substitution works on parsed values, not on the text, so a value can never break the YAML around it.
 */
final class VariableSubstitution {

    private static final Pattern REFERENCE =
            Pattern.compile("\\$(\\$?)\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Map<String, String> environment;
    private final Set<String> unresolved = new LinkedHashSet<>();

    VariableSubstitution(Map<String, String> environment) {
        this.environment = environment;
    }

    /** Variables referenced without a default that were not set, in order of first reference. */
    List<String> unresolvedVariables() {
        return new ArrayList<>(unresolved);
    }

    /** Substitutes in place where the tree allows it; returns the node to use in place of {@code node}. */
    JsonNode apply(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (String name : new ArrayList<>(object.propertyNames())) {
                object.set(name, apply(object.get(name)));
            }
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, apply(array.get(i)));
            }
            return array;
        }
        if (node.isString()) {
            String value = substitute(node.stringValue());
            return value == null ? NullNode.getInstance() : StringNode.valueOf(value);
        }
        return node;
    }

    /** Null when the whole text is one reference to an unset variable without default: the value is absent. */
    String substitute(String text) {
        Matcher matcher = REFERENCE.matcher(text);
        if (matcher.matches() && matcher.group(1).isEmpty() && matcher.group(3) == null
                && environment.get(matcher.group(2)) == null) {
            unresolved.add(matcher.group(2));
            return null;
        }
        matcher.reset();
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement(matcher)));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private String replacement(Matcher reference) {
        if (!reference.group(1).isEmpty()) {
            return reference.group().substring(1);
        }
        String name = reference.group(2);
        String fallback = reference.group(3);
        String value = environment.get(name);
        if (fallback != null) {
            return value == null || value.isEmpty() ? fallback : value;
        }
        if (value == null) {
            unresolved.add(name);
            return "";
        }
        return value;
    }
}
