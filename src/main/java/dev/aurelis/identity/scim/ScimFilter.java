package dev.aurelis.identity.scim;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A SCIM filter (RFC 7644 §3.4.2.2): parsed from the {@code filter} parameter and evaluated against resources
 * in their SCIM JSON form. Supports every comparison operator ({@code eq ne co sw ew gt ge lt le pr}),
 * {@code and}, {@code or}, {@code not(…)}, grouping, value paths ({@code emails[type eq "work"]}) and
 * schema-qualified attribute names; string comparisons ignore case except for attributes that are case-exact.
 */
sealed interface ScimFilter {

    /** Attributes compared case-sensitively (RFC 7643: {@code caseExact} true); the rest ignore case. */
    Set<String> CASE_EXACT = Set.of("id", "externalid", "members.value", "groups.value", "meta.location", "$ref",
            "members.$ref", "groups.$ref");
    Set<String> DATE_TIMES = Set.of("meta.created", "meta.lastmodified");

    boolean matches(JsonNode resource);

    /** {@code attr op value}. */
    record Compare(AttrPath path, String op, JsonNode value) implements ScimFilter {
        @Override
        public boolean matches(JsonNode resource) {
            List<JsonNode> candidates = path.values(resource);
            if (value.isNull()) {
                boolean present = candidates.stream().anyMatch(ScimFilter::present);
                return op.equals("eq") ? !present : present;
            }
            if (op.equals("ne")) {
                return candidates.stream().noneMatch(c -> compare(c, "eq"));
            }
            return candidates.stream().anyMatch(c -> compare(c, op));
        }

        private boolean compare(JsonNode candidate, String operator) {
            if (candidate == null || candidate.isNull() || candidate.isMissingNode()) {
                return false;
            }
            if (value.isBoolean()) {
                if (!operator.equals("eq")) {
                    throw ScimException.invalidFilter("'" + operator + "' does not apply to the boolean " + path + ".");
                }
                Boolean actual = candidate.isBoolean() ? Boolean.valueOf(candidate.asBoolean())
                        : candidate.isString() && (candidate.asString().equalsIgnoreCase("true") || candidate.asString().equalsIgnoreCase("false"))
                                ? Boolean.valueOf(candidate.asString()) : null;
                return actual != null && actual == value.asBoolean();
            }
            if (value.isNumber()) {
                if (!candidate.isNumber()) {
                    return false;
                }
                int c = candidate.decimalValue().compareTo(value.decimalValue());
                return ordered(operator, c);
            }
            String actual = candidate.isString() ? candidate.asString() : candidate.toString();
            String wanted = value.asString();
            if (DATE_TIMES.contains(path.key()) && !Set.of("co", "sw", "ew").contains(operator)) {
                try {
                    return ordered(operator, Instant.parse(actual).compareTo(Instant.parse(wanted)));
                } catch (DateTimeParseException e) {
                    throw ScimException.invalidFilter("'" + wanted + "' is not a date-time (e.g. 2026-01-01T00:00:00Z).");
                }
            }
            if (!CASE_EXACT.contains(path.key())) {
                actual = actual.toLowerCase(Locale.ROOT);
                wanted = wanted.toLowerCase(Locale.ROOT);
            }
            return switch (operator) {
                case "co" -> actual.contains(wanted);
                case "sw" -> actual.startsWith(wanted);
                case "ew" -> actual.endsWith(wanted);
                default -> ordered(operator, actual.compareTo(wanted));
            };
        }

        private static boolean ordered(String operator, int comparison) {
            return switch (operator) {
                case "eq" -> comparison == 0;
                case "gt" -> comparison > 0;
                case "ge" -> comparison >= 0;
                case "lt" -> comparison < 0;
                case "le" -> comparison <= 0;
                default -> throw ScimException.invalidFilter("'" + operator + "' does not apply to this value.");
            };
        }
    }

    /** {@code attr pr}: the attribute has a value. */
    record Present(AttrPath path) implements ScimFilter {
        @Override
        public boolean matches(JsonNode resource) {
            return path.values(resource).stream().anyMatch(ScimFilter::present);
        }
    }

    record And(ScimFilter left, ScimFilter right) implements ScimFilter {
        @Override
        public boolean matches(JsonNode resource) {
            return left.matches(resource) && right.matches(resource);
        }
    }

    record Or(ScimFilter left, ScimFilter right) implements ScimFilter {
        @Override
        public boolean matches(JsonNode resource) {
            return left.matches(resource) || right.matches(resource);
        }
    }

    record Not(ScimFilter inner) implements ScimFilter {
        @Override
        public boolean matches(JsonNode resource) {
            return !inner.matches(resource);
        }
    }

    /** {@code attr[filter]}: some value of the multi-valued attribute matches the inner filter. */
    record ValuePath(AttrPath path, ScimFilter inner) implements ScimFilter {
        @Override
        public boolean matches(JsonNode resource) {
            return path.nodes(resource).stream().anyMatch(inner::matches);
        }
    }

    private static boolean present(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return false;
        }
        if (node.isString()) {
            return !node.asString().isEmpty();
        }
        return !(node.isContainer() && node.isEmpty());
    }

    /**
     * An attribute path: an optional schema URN and the attribute and sub-attribute names. Names match the
     * resource's keys without regard to case; the core schemas' URNs address the resource itself.
     */
    record AttrPath(String urn, List<String> names) {

        static final Set<String> CORE_SCHEMAS = Set.of("urn:ietf:params:scim:schemas:core:2.0:user",
                "urn:ietf:params:scim:schemas:core:2.0:group");

        static AttrPath parse(String text) {
            String urn = null;
            String rest = text;
            if (text.regionMatches(true, 0, "urn:", 0, 4)) {
                int colon = text.lastIndexOf(':');
                urn = text.substring(0, colon);
                rest = text.substring(colon + 1);
                if (CORE_SCHEMAS.contains(urn.toLowerCase(Locale.ROOT))) {
                    urn = null;
                }
            }
            if (rest.isEmpty() || rest.startsWith(".") || rest.endsWith(".") || rest.contains("..")) {
                throw ScimException.invalidFilter("'" + text + "' is not an attribute path.");
            }
            for (String name : rest.split("\\.")) {
                if (!name.matches("\\$?[A-Za-z][A-Za-z0-9_$-]*")) {
                    throw ScimException.invalidFilter("'" + text + "' is not an attribute path.");
                }
            }
            return new AttrPath(urn, List.of(rest.split("\\.")));
        }

        /** Whether the path lies in an extension schema (one Aurelis keeps no attributes of). */
        boolean extension() {
            return urn != null;
        }

        /** The lower-case dotted names, for the case-exactness and date-time tables. */
        String key() {
            return String.join(".", names).toLowerCase(Locale.ROOT);
        }

        /** The JSON nodes the path reaches: arrays along the way contribute each element. */
        List<JsonNode> nodes(JsonNode resource) {
            List<JsonNode> current = new ArrayList<>();
            current.add(urn == null ? resource : field(resource, urn));
            for (String name : names) {
                List<JsonNode> next = new ArrayList<>();
                for (JsonNode node : current) {
                    if (node != null && node.isArray()) {
                        node.forEach(element -> next.add(field(element, name)));
                    } else {
                        next.add(field(node, name));
                    }
                }
                current = next;
            }
            List<JsonNode> flat = new ArrayList<>();
            for (JsonNode node : current) {
                if (node != null && node.isArray()) {
                    node.forEach(flat::add);
                } else if (node != null && !node.isMissingNode()) {
                    flat.add(node);
                }
            }
            return flat;
        }

        /** The values the path reaches; a complex value stands for its {@code value} sub-attribute. */
        List<JsonNode> values(JsonNode resource) {
            return nodes(resource).stream().map(n -> n.isObject() && n.has("value") ? n.get("value") : n).toList();
        }

        static JsonNode field(JsonNode node, String name) {
            if (node == null || !node.isObject()) {
                return null;
            }
            JsonNode exact = node.get(name);
            if (exact != null) {
                return exact;
            }
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (entry.getKey().equalsIgnoreCase(name)) {
                    return entry.getValue();
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return (urn == null ? "" : urn + ":") + String.join(".", names);
        }
    }

    /** Parses a filter; every syntax problem is a 400 {@code invalidFilter} naming what was expected. */
    static ScimFilter parse(String text) {
        if (text == null || text.isBlank()) {
            throw ScimException.invalidFilter("The filter is empty.");
        }
        Parser parser = new Parser(Lexer.tokens(text));
        ScimFilter filter = parser.or();
        if (!parser.atEnd()) {
            throw ScimException.invalidFilter("Unexpected '" + parser.peek() + "' in the filter.");
        }
        return filter;
    }

    /** Tokens: words (paths, operators, literals), JSON strings, and the characters ( ) [ ]. */
    final class Lexer {
        private static final JsonMapper JSON = JsonMapper.builder().build();

        private Lexer() {
        }

        static List<Object> tokens(String text) {
            List<Object> tokens = new ArrayList<>();
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '(' || c == ')' || c == '[' || c == ']') {
                    tokens.add(String.valueOf(c));
                    i++;
                } else if (c == '"') {
                    int end = i + 1;
                    while (end < text.length() && text.charAt(end) != '"') {
                        end += text.charAt(end) == '\\' ? 2 : 1;
                    }
                    if (end >= text.length()) {
                        throw ScimException.invalidFilter("A string in the filter is not closed.");
                    }
                    try {
                        tokens.add(JSON.readTree(text.substring(i, end + 1)));
                    } catch (JacksonException e) {
                        throw ScimException.invalidFilter("A string in the filter is not valid: " + text.substring(i, end + 1));
                    }
                    i = end + 1;
                } else {
                    int end = i;
                    while (end < text.length() && !Character.isWhitespace(text.charAt(end))
                            && "()[]\"".indexOf(text.charAt(end)) < 0) {
                        end++;
                    }
                    tokens.add(new Word(text.substring(i, end)));
                    i = end;
                }
            }
            return tokens;
        }
    }

    /** An unquoted token. */
    record Word(String text) {
        boolean is(String keyword) {
            return text.equalsIgnoreCase(keyword);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Recursive descent; {@code not} binds tighter than {@code and}, which binds tighter than {@code or}. */
    final class Parser {
        private static final Set<String> OPERATORS = Set.of("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le");
        private final List<Object> tokens;
        private int position;

        Parser(List<Object> tokens) {
            this.tokens = tokens;
        }

        boolean atEnd() {
            return position >= tokens.size();
        }

        Object peek() {
            return atEnd() ? null : tokens.get(position);
        }

        private boolean nextIsWord(String keyword) {
            return peek() instanceof Word w && w.is(keyword);
        }

        private void expect(String symbol) {
            if (!symbol.equals(peek())) {
                throw ScimException.invalidFilter("Expected '" + symbol + "' in the filter"
                        + (atEnd() ? " at its end." : " before '" + peek() + "'."));
            }
            position++;
        }

        ScimFilter or() {
            ScimFilter left = and();
            while (nextIsWord("or")) {
                position++;
                left = new Or(left, and());
            }
            return left;
        }

        ScimFilter and() {
            ScimFilter left = unary();
            while (nextIsWord("and")) {
                position++;
                left = new And(left, unary());
            }
            return left;
        }

        ScimFilter unary() {
            if (nextIsWord("not")) {
                position++;
                expect("(");
                ScimFilter inner = or();
                expect(")");
                return new Not(inner);
            }
            if ("(".equals(peek())) {
                position++;
                ScimFilter inner = or();
                expect(")");
                return inner;
            }
            return attributeExpression();
        }

        private ScimFilter attributeExpression() {
            if (!(peek() instanceof Word word)) {
                throw ScimException.invalidFilter(atEnd() ? "The filter ends where an attribute was expected."
                        : "Expected an attribute name, found '" + peek() + "'.");
            }
            position++;
            AttrPath path = AttrPath.parse(word.text());
            if ("[".equals(peek())) {
                position++;
                ScimFilter inner = or();
                expect("]");
                return new ValuePath(path, inner);
            }
            if (!(peek() instanceof Word op)) {
                throw ScimException.invalidFilter("Expected an operator after '" + word + "'.");
            }
            position++;
            String operator = op.text().toLowerCase(Locale.ROOT);
            if (operator.equals("pr")) {
                return new Present(path);
            }
            if (!OPERATORS.contains(operator)) {
                throw ScimException.invalidFilter("'" + op + "' is not a filter operator; use eq, ne, co, sw, ew, gt, ge, lt, le or pr.");
            }
            return new Compare(path, operator, value());
        }

        private JsonNode value() {
            Object token = peek();
            position++;
            if (token instanceof JsonNode string) {
                return string;
            }
            if (token instanceof Word word) {
                String text = word.text();
                if (word.is("true") || word.is("false") || word.is("null") || text.matches("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?")) {
                    return Lexer.JSON.readTree(text.toLowerCase(Locale.ROOT));
                }
            }
            throw ScimException.invalidFilter(token == null ? "The filter ends where a value was expected."
                    : "'" + token + "' is not a value; quote strings, e.g. \"bjensen\".");
        }
    }
}
