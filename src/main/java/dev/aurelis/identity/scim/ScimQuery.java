package dev.aurelis.identity.scim;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A query over one resource type (RFC 7644 §3.4.2 and §3.4.3): filter, 1-based {@code startIndex}, page size
 * {@code count} (at most {@link #MAX_RESULTS}), {@code attributes} and {@code excludedAttributes}. Results
 * keep creation order; sorting is not offered.
 */
record ScimQuery(String filter, Integer startIndex, Integer count, String attributes, String excludedAttributes) {

    static final int DEFAULT_COUNT = 100;
    static final int MAX_RESULTS = 1000;

    /** The parameters of a POST {@code .search} body (a SearchRequest message). */
    static ScimQuery of(JsonNode search) {
        if (search == null || !search.isObject()) {
            throw ScimException.invalidSyntax("A search is a SearchRequest message: {\"schemas\":[\""
                    + ScimResources.SEARCH_REQUEST + "\"], \"filter\": …}.");
        }
        return new ScimQuery(ScimResources.text(search, "filter"), integer(search, "startIndex"), integer(search, "count"),
                joined(search, "attributes"), joined(search, "excludedAttributes"));
    }

    private static Integer integer(JsonNode node, String name) {
        JsonNode value = ScimFilter.AttrPath.field(node, name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            throw ScimException.invalidValue("'" + name + "' must be an integer.");
        }
        return value.asInt();
    }

    private static String joined(JsonNode node, String name) {
        JsonNode value = ScimFilter.AttrPath.field(node, name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isString()) {
            return value.asString();
        }
        if (!value.isArray()) {
            throw ScimException.invalidValue("'" + name + "' must be an array of attribute names.");
        }
        return String.join(",", value.valueStream().map(JsonNode::asString).toList());
    }

    /** Filters, pages and projects {@code all}. */
    ObjectNode answer(List<ObjectNode> all) {
        List<ObjectNode> matching = all;
        if (filter != null && !filter.isBlank()) {
            ScimFilter parsed = ScimFilter.parse(filter);
            matching = all.stream().filter(parsed::matches).toList();
        }
        int start = startIndex == null || startIndex < 1 ? 1 : startIndex;
        int size = count == null ? DEFAULT_COUNT : Math.max(0, Math.min(count, MAX_RESULTS));
        List<ObjectNode> page = matching.stream().skip(start - 1L).limit(size)
                .map(r -> ScimResources.project(r, attributes, excludedAttributes)).toList();
        return ScimResources.list(page, matching.size(), start);
    }
}
