package dev.aurelis.configuration;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;

import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the keys of a YAML tree that no record component takes, walking the tree along the schema's types.
 * Done on the tree rather than in a Jackson problem handler because Jackson buffers the properties of a record
 * until it can call the constructor, and the buffered parser no longer knows where in the document it is.
 */
final class UnknownKeyScanner {

    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private final Map<Class<?>, Map<String, Type>> propertiesByRecord = new HashMap<>();
    private final List<String> unknownKeys = new ArrayList<>();

    private UnknownKeyScanner() {
    }

    /** The paths of unknown keys in document order, e.g. {@code models.foo}, {@code providers[1].bar}. */
    static List<String> scan(JsonNode tree, Class<?> rootType) {
        UnknownKeyScanner scanner = new UnknownKeyScanner();
        scanner.visit(tree, rootType, YamlPath.ROOT);
        return scanner.unknownKeys;
    }

    private void visit(JsonNode node, Type type, YamlPath path) {
        if (node == null || !(node.isObject() || node.isArray())) {
            return;
        }
        Class<?> rawType = rawType(type);
        if (rawType.isRecord() && node.isObject()) {
            Map<String, Type> properties = propertiesOf(rawType);
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                Type propertyType = properties.get(entry.getKey());
                if (propertyType == null) {
                    unknownKeys.add(path.key(entry.getKey()).toString());
                } else {
                    visit(entry.getValue(), propertyType, path.key(entry.getKey()));
                }
            }
        } else if (Map.class.isAssignableFrom(rawType) && node.isObject()) {
            Type valueType = typeArgument(type, 1);
            node.properties().forEach(entry -> visit(entry.getValue(), valueType, path.key(entry.getKey())));
        } else if (Collection.class.isAssignableFrom(rawType) && node.isArray()) {
            Type elementType = typeArgument(type, 0);
            for (int i = 0; i < node.size(); i++) {
                visit(node.get(i), elementType, path.index(i));
            }
        }
    }

    private Map<String, Type> propertiesOf(Class<?> record) {
        return propertiesByRecord.computeIfAbsent(record, type -> {
            Map<String, Type> properties = new HashMap<>();
            for (RecordComponent component : type.getRecordComponents()) {
                // Jackson's annotations do not target record components; Java keeps them on the backing field.
                Field field = backingField(type, component);
                JsonProperty explicit = field.getAnnotation(JsonProperty.class);
                String name = explicit != null && !explicit.value().isEmpty()
                        ? explicit.value()
                        : SNAKE_CASE.nameForField(null, null, component.getName());
                properties.put(name, component.getGenericType());
                JsonAlias aliases = field.getAnnotation(JsonAlias.class);
                if (aliases != null) {
                    for (String alias : aliases.value()) {
                        properties.put(alias, component.getGenericType());
                    }
                }
            }
            return properties;
        });
    }

    private static Field backingField(Class<?> record, RecordComponent component) {
        try {
            return record.getDeclaredField(component.getName());
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("A record always has a field per component", e);
        }
    }

    private static Class<?> rawType(Type type) {
        if (type instanceof Class<?> plain) {
            return plain;
        }
        if (type instanceof ParameterizedType parameterized) {
            return (Class<?>) parameterized.getRawType();
        }
        return Object.class;
    }

    private static Type typeArgument(Type type, int index) {
        return type instanceof ParameterizedType parameterized
                ? parameterized.getActualTypeArguments()[index]
                : Object.class;
    }
}
