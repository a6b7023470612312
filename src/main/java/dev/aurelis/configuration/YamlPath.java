package dev.aurelis.configuration;

import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.PropertyNamingStrategies;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A location in the YAML document as a list of segments: {@code String} keys and {@code Integer} list indexes.
 * Rendered as {@code cost_management.budgets.departments.qa}, {@code providers[1].models[0]}, or with a key that
 * holds a dot as {@code pricing["gpt-4.1"].input}.
 */
record YamlPath(List<Object> segments) {

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");
    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    static final YamlPath ROOT = new YamlPath(List.of());

    YamlPath {
        segments = Collections.unmodifiableList(new ArrayList<>(segments));
    }

    static YamlPath of(Object... segments) {
        return new YamlPath(List.of(segments));
    }

    YamlPath key(String key) {
        return append(key);
    }

    YamlPath index(int index) {
        return append(index);
    }

    private YamlPath append(Object segment) {
        List<Object> longer = new ArrayList<>(segments);
        longer.add(segment);
        return new YamlPath(longer);
    }

    /** The path leading to the parser's current position; a tree or stream parser alike. */
    static YamlPath of(TokenStreamContext context) {
        List<Object> reversed = new ArrayList<>();
        for (TokenStreamContext level = context; level != null && !level.inRoot(); level = level.getParent()) {
            if (level.inObject() && level.currentName() != null) {
                reversed.add(level.currentName());
            } else if (level.inArray() && level.getCurrentIndex() >= 0) {
                reversed.add(level.getCurrentIndex());
            }
        }
        Collections.reverse(reversed);
        return new YamlPath(reversed);
    }

    /** The path Jackson recorded while unwinding a binding failure. Its names are the YAML keys already. */
    static YamlPath of(List<JacksonException.Reference> references) {
        List<Object> segments = new ArrayList<>();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                segments.add(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                segments.add(reference.getIndex());
            }
        }
        return new YamlPath(segments);
    }

    /**
     * The path of a Bean Validation violation: record component names become snake_case keys, map keys stay as
     * written, list positions become indexes.
     */
    static YamlPath of(Path propertyPath) {
        List<Object> segments = new ArrayList<>();
        for (Path.Node node : propertyPath) {
            if (node.getIndex() != null) {
                segments.add(node.getIndex());
            } else if (node.getKey() != null) {
                segments.add(String.valueOf(node.getKey()));
            }
            if (node.getKind() == ElementKind.PROPERTY) {
                segments.add(SNAKE_CASE.nameForField(null, null, node.getName()));
            }
        }
        return new YamlPath(segments);
    }

    /** This path and each shorter one, longest first: to find the nearest line the file has for it. */
    List<YamlPath> selfAndAncestors() {
        List<YamlPath> paths = new ArrayList<>();
        for (int length = segments.size(); length >= 0; length--) {
            paths.add(new YamlPath(segments.subList(0, length)));
        }
        return paths;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Object segment : segments) {
            if (segment instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else if (PLAIN_KEY.matcher(segment.toString()).matches()) {
                text.append(text.isEmpty() ? "" : ".").append(segment);
            } else {
                text.append("[\"").append(segment).append("\"]");
            }
        }
        return text.toString();
    }
}
