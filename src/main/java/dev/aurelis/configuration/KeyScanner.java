package dev.aurelis.configuration;

import tools.jackson.databind.JsonNode;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks a YAML tree along the schema's types and finds the keys no record component takes (unknown keys) and the
 * keys that are set but that no code acts on yet ({@link NotYetEnforced}). Done on the tree rather than in a Jackson
 * problem handler because Jackson buffers the properties of a record until it can call the constructor, and the
 * buffered parser no longer knows where in the document it is.
 */
@ConfigurationBinding
final class KeyScanner {

    /** What the walk found, each as YAML paths in the order of the tree. */
    record Keys(List<YamlPath> unknown, List<YamlPath> notYetEnforced) {
    }

    private record Property(Type type, boolean notYetEnforced) {
    }

    private final Map<Class<?>, Map<String, Property>> propertiesByRecord = new HashMap<>();
    private final List<YamlPath> unknown = new ArrayList<>();
    private final List<YamlPath> notYetEnforced = new ArrayList<>();

    private KeyScanner() {
    }

    /** The paths of unknown keys (e.g. {@code models.foo}, {@code providers[1].bar}) and of set keys not yet enforced. */
    static Keys scan(JsonNode tree, Class<?> rootType) {
        KeyScanner scanner = new KeyScanner();
        scanner.visit(tree, rootType, YamlPath.ROOT, false);
        return new Keys(List.copyOf(scanner.unknown), List.copyOf(scanner.notYetEnforced));
    }

    /** @param reported whether an enclosing key is already listed as not yet enforced */
    private void visit(JsonNode node, Type type, YamlPath path, boolean reported) {
        if (node == null || !(node.isObject() || node.isArray())) {
            return;
        }
        Class<?> rawType = rawType(type);
        if (rawType.isRecord() && node.isObject()) {
            Map<String, Property> properties = propertiesOf(rawType);
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                Property property = properties.get(entry.getKey());
                YamlPath child = path.key(entry.getKey());
                if (property == null) {
                    unknown.add(child);
                    continue;
                }
                boolean listed = reported;
                if (property.notYetEnforced() && !reported && !entry.getValue().isNull()) {
                    notYetEnforced.add(child);
                    listed = true;
                }
                visit(entry.getValue(), property.type(), child, listed);
            }
        } else if (Map.class.isAssignableFrom(rawType) && node.isObject()) {
            Type valueType = typeArgument(type, 1);
            node.properties().forEach(entry -> visit(entry.getValue(), valueType, path.key(entry.getKey()), reported));
        } else if (Collection.class.isAssignableFrom(rawType) && node.isArray()) {
            Type elementType = typeArgument(type, 0);
            for (int i = 0; i < node.size(); i++) {
                visit(node.get(i), elementType, path.index(i), reported);
            }
        }
    }

    private Map<String, Property> propertiesOf(Class<?> record) {
        return propertiesByRecord.computeIfAbsent(record, type -> {
            Map<String, Property> properties = new HashMap<>();
            for (RecordComponent component : type.getRecordComponents()) {
                Property property = new Property(component.getGenericType(),
                        component.isAnnotationPresent(NotYetEnforced.class));
                KeyNames.allOf(component).forEach(name -> properties.put(name, property));
            }
            return properties;
        });
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
