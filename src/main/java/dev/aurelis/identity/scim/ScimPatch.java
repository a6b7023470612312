package dev.aurelis.identity.scim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * SCIM PATCH (RFC 7644 §3.5.2) applied to a resource's JSON form: {@code add}, {@code replace} and
 * {@code remove}, with or without a path, paths with value filters ({@code members[value eq "…"]},
 * {@code emails[type eq "work"].value}) and schema-qualified names. Accepts the variants identity providers
 * send: operation names in any case, a path-less {@code replace} whose value lists attributes (Entra, Okta),
 * {@code remove} of members named in {@code value}, and booleans as strings. Attributes of extension schemas
 * are not kept by Aurelis, so operations on them are ignored.
 */
final class ScimPatch {

    private ScimPatch() {
    }

    /** A path: an attribute, optionally a filter over its values and a sub-attribute of the matching values. */
    record Path(ScimFilter.AttrPath attribute, ScimFilter filter, String subAttribute) {

        static Path parse(String text) {
            if (text == null || text.isBlank()) {
                throw ScimException.invalidPath("The path is empty.");
            }
            String path = text.strip();
            int open = indexOutsideQuotes(path, '[');
            if (open < 0) {
                try {
                    return new Path(ScimFilter.AttrPath.parse(path), null, null);
                } catch (ScimException e) {
                    throw ScimException.invalidPath("'" + text + "' is not an attribute path.");
                }
            }
            int close = indexOutsideQuotes(path, ']');
            if (close < open) {
                throw ScimException.invalidPath("'" + text + "' has an unclosed '['.");
            }
            ScimFilter.AttrPath attribute = ScimFilter.AttrPath.parse(path.substring(0, open));
            ScimFilter filter = ScimFilter.parse(path.substring(open + 1, close));
            String rest = path.substring(close + 1);
            String sub = null;
            if (!rest.isEmpty()) {
                if (!rest.startsWith(".") || rest.length() < 2) {
                    throw ScimException.invalidPath("'" + text + "' must end after ']' or continue with '.name'.");
                }
                sub = rest.substring(1);
            }
            return new Path(attribute, filter, sub);
        }

        private static int indexOutsideQuotes(String text, char wanted) {
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"' && (i == 0 || text.charAt(i - 1) != '\\')) {
                    quoted = !quoted;
                } else if (c == wanted && !quoted) {
                    return i;
                }
            }
            return -1;
        }
    }

    /**
     * Applies a PatchOp request to {@code resource} in place. {@code readOnly} names top-level attributes
     * the client may not change (lower case).
     */
    static void apply(ObjectNode resource, JsonNode request, Set<String> readOnly) {
        if (request == null || !request.isObject()) {
            throw ScimException.invalidSyntax("A PATCH body is a PatchOp message: {\"schemas\":[\"" + ScimResources.PATCH_OP
                    + "\"],\"Operations\":[…]}.");
        }
        JsonNode schemas = ScimFilter.AttrPath.field(request, "schemas");
        if (schemas != null && schemas.isArray() && schemas.valueStream().noneMatch(s -> s.asString().equals(ScimResources.PATCH_OP))) {
            throw ScimException.invalidSyntax("A PATCH body must carry the schema " + ScimResources.PATCH_OP + ".");
        }
        JsonNode operations = ScimFilter.AttrPath.field(request, "Operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw ScimException.invalidSyntax("'Operations' must list at least one operation.");
        }
        for (JsonNode operation : operations) {
            String op = ScimResources.text(operation, "op");
            if (op == null) {
                throw ScimException.invalidSyntax("Every operation needs 'op' (add, replace or remove).");
            }
            op = op.toLowerCase(Locale.ROOT);
            if (!Set.of("add", "replace", "remove").contains(op)) {
                throw ScimException.invalidSyntax("'" + op + "' is not a PATCH operation; use add, replace or remove.");
            }
            String pathText = ScimResources.text(operation, "path");
            JsonNode value = ScimFilter.AttrPath.field(operation, "value");
            if (pathText == null || pathText.isBlank()) {
                if (op.equals("remove")) {
                    throw ScimException.noTarget("'remove' needs a 'path'.");
                }
                if (value == null || !value.isObject()) {
                    throw ScimException.invalidValue("Without a 'path', 'value' must be an object of attributes.");
                }
                for (Map.Entry<String, JsonNode> attribute : value.properties()) {
                    if (attribute.getKey().regionMatches(true, 0, "urn:", 0, 4) && attribute.getValue().isObject()) {
                        continue; // an extension schema's attributes: not kept
                    }
                    applyOne(resource, op, Path.parse(attribute.getKey()), attribute.getValue(), readOnly);
                }
            } else {
                if (!op.equals("remove") && value == null) {
                    throw ScimException.invalidValue("'" + op + "' needs a 'value'.");
                }
                applyOne(resource, op, Path.parse(pathText), value, readOnly);
            }
        }
    }

    private static void applyOne(ObjectNode resource, String op, Path path, JsonNode value, Set<String> readOnly) {
        if (path.attribute().extension()) {
            return;
        }
        List<String> names = path.attribute().names();
        if (readOnly.contains(names.getFirst().toLowerCase(Locale.ROOT))) {
            JsonNode current = resource.get(ScimResources.canonical(resource, names.getFirst()));
            if (!op.equals("remove") && names.size() == 1 && path.filter() == null && value != null && value.equals(current)) {
                return; // restating a read-only value (Okta sends the id along with a rename) changes nothing
            }
            throw ScimException.mutability("'" + names.getFirst() + "' cannot be changed.");
        }
        if (path.filter() != null) {
            applyFiltered(resource, op, path, value);
            return;
        }
        if (names.size() > 2) {
            throw ScimException.invalidPath("'" + path.attribute() + "' is nested too deeply.");
        }
        ObjectNode parent = resource;
        if (names.size() == 2) {
            String top = ScimResources.canonical(resource, names.getFirst());
            JsonNode existing = resource.get(top);
            if (existing == null || existing.isNull()) {
                if (op.equals("remove")) {
                    return;
                }
                parent = resource.putObject(top);
            } else if (existing instanceof ObjectNode object) {
                parent = object;
            } else {
                throw ScimException.invalidPath("'" + names.getFirst() + "' has no sub-attributes.");
            }
        }
        String field = ScimResources.canonical(parent, names.getLast());
        JsonNode existing = parent.get(field);
        switch (op) {
            case "add" -> {
                if (existing instanceof ArrayNode array) {
                    appendDistinct(array, value);
                } else if (existing instanceof ObjectNode object && value.isObject()) {
                    merge(object, value);
                } else {
                    parent.set(field, value.deepCopy());
                }
            }
            case "replace" -> {
                if (existing instanceof ObjectNode object && value.isObject()) {
                    merge(object, value);
                } else {
                    parent.set(field, value.deepCopy());
                }
            }
            default -> {
                if (existing instanceof ArrayNode array && value != null && !value.isNull()) {
                    // remove the values named in 'value' (as Entra removes members)
                    List<String> doomed = new ArrayList<>();
                    (value.isArray() ? value : ScimResources.JSON.createArrayNode().add(value))
                            .forEach(v -> doomed.add(identity(v)));
                    removeIf(array, element -> doomed.contains(identity(element)));
                } else {
                    parent.remove(field);
                }
            }
        }
    }

    private static void applyFiltered(ObjectNode resource, String op, Path path, JsonNode value) {
        if (path.attribute().names().size() != 1) {
            throw ScimException.invalidPath("A value filter applies to a multi-valued attribute such as members or emails.");
        }
        String field = ScimResources.canonical(resource, path.attribute().names().getFirst());
        JsonNode existing = resource.get(field);
        ArrayNode array = existing instanceof ArrayNode a ? a : null;
        List<ObjectNode> matching = new ArrayList<>();
        if (array != null) {
            array.forEach(element -> {
                if (element instanceof ObjectNode object && path.filter().matches(object)) {
                    matching.add(object);
                }
            });
        }
        if (op.equals("remove")) {
            if (array == null) {
                return;
            }
            if (path.subAttribute() == null) {
                removeIf(array, element -> element instanceof ObjectNode o && matching.contains(o));
            } else {
                matching.forEach(o -> o.remove(ScimResources.canonical(o, path.subAttribute())));
            }
            return;
        }
        if (matching.isEmpty()) {
            throw ScimException.noTarget("No value of '" + field + "' matches the filter in the path.");
        }
        for (ObjectNode match : matching) {
            if (path.subAttribute() != null) {
                match.set(ScimResources.canonical(match, path.subAttribute()), value.deepCopy());
            } else if (value.isObject()) {
                merge(match, value);
            } else {
                throw ScimException.invalidValue("The value for a filtered path must be an object.");
            }
        }
    }

    private static void merge(ObjectNode target, JsonNode source) {
        for (Map.Entry<String, JsonNode> entry : source.properties()) {
            target.set(ScimResources.canonical(target, entry.getKey()), entry.getValue().deepCopy());
        }
    }

    private static void appendDistinct(ArrayNode array, JsonNode value) {
        List<String> present = new ArrayList<>();
        array.forEach(element -> present.add(identity(element)));
        for (JsonNode element : value.isArray() ? value : ScimResources.JSON.createArrayNode().add(value)) {
            if (!present.contains(identity(element))) {
                array.add(element.deepCopy());
                present.add(identity(element));
            }
        }
    }

    /** What identifies a value of a multi-valued attribute: its {@code value}, compared without case. */
    private static String identity(JsonNode element) {
        JsonNode value = element.isObject() ? ScimFilter.AttrPath.field(element, "value") : element;
        return value == null ? element.toString() : (value.isString() ? value.asString() : value.toString()).toLowerCase(Locale.ROOT);
    }

    private static void removeIf(ArrayNode array, java.util.function.Predicate<JsonNode> condition) {
        List<JsonNode> kept = new ArrayList<>();
        array.forEach(element -> {
            if (!condition.test(element)) {
                kept.add(element);
            }
        });
        array.removeAll();
        array.addAll(kept);
    }
}
