package dev.aurelis.configuration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The product briefs write some settings in more than one place: the feature guide's {@code budget_management:} is the
 * template's {@code cost_management:}, the Cortex brief's {@code auth.sso} is {@code integrations.sso}, its
 * {@code roles} are {@code rbac.roles}, and so on. Before binding, each such key is moved to the one place the schema
 * reads it from, so both spellings are the same setting. A key written in both places with different values is an
 * error naming both; with the same value it is accepted. Where every key was written is remembered, so warnings and
 * errors name the key as the file has it.
 */
@ConfigurationBinding
final class Synonyms {

    /** {@code from} is written, {@code to} is read; {@code *} stands for any key of a map, the same in both. */
    record Synonym(String from, String to) {
    }

    /** In order: a move may carry keys that a later entry moves further. */
    static final List<Synonym> ALL = List.of(
            // the feature guide's budget section (aurelis-enterprise-features.md) and the template's
            new Synonym("budget_management", "cost_management"),
            new Synonym("cost_management.department_budgets", "cost_management.budgets.departments"),
            new Synonym("cost_management.monthly_budget", "cost_management.budgets.organization.monthly_limit"),
            new Synonym("cost_management.alerts.email_notifications", "cost_management.alerts.email_enabled"),
            new Synonym("cost_management.alerts.slack_integration", "cost_management.alerts.slack_enabled"),
            new Synonym("cost_management.alerts.dashboard_alerts", "cost_management.alerts.dashboard_enabled"),
            // the Cortex brief's identity settings
            new Synonym("auth.sso.idp_metadata_url", "integrations.sso.saml.idp_metadata_url"),
            new Synonym("auth.sso.acs_url", "integrations.sso.saml.acs_url"),
            new Synonym("auth.sso.entity_id", "integrations.sso.saml.entity_id"),
            new Synonym("auth.sso", "integrations.sso"),
            new Synonym("auth.mfa.required", "security.mfa_required"),
            new Synonym("auth.mfa.methods", "security.mfa_methods"),
            new Synonym("auth.mfa.enforcement", "security.mfa_enforcement"),
            new Synonym("roles", "rbac.roles"),
            new Synonym("security.encryption.at_rest.enabled", "security.encryption_at_rest"),
            // audit and compliance flags that the template and the feature guide both state
            new Synonym("security.audit_logging", "audit.enabled"),
            new Synonym("compliance.audit_trail", "audit.enabled"),
            new Synonym("audit.compliance_reporting", "compliance.compliance_reporting"),
            new Synonym("audit.data_lineage_tracking", "compliance.data_lineage"),
            new Synonym("analytics.code_quality_tracking", "analytics.code_quality_metrics"),
            // the Cortex brief's cost tracking is cost management's allocation rules
            new Synonym("analytics.cost_tracking.enabled", "cost_management.enabled"),
            new Synonym("analytics.cost_tracking.allocation_rules", "cost_management.budgets.allocations"),
            new Synonym("high_availability.circuit_breaker", "routing.circuit_breaker.enabled"),
            new Synonym("advanced_features.custom_workflows", "integrations.workflows.custom_workflows"),
            new Synonym("advanced_features.approval_workflows", "integrations.workflows.approval_processes"),
            new Synonym("advanced_features.automated_code_review", "integrations.workflows.automated_reviews"),
            // the Cortex brief's environments state their replicas at the top
            new Synonym("environments.*.replicas", "environments.*.high_availability.replicas"));

    /** A key written twice with different values. */
    record Conflict(YamlPath written, YamlPath other, JsonNode value, JsonNode otherValue) {
    }

    private final Map<YamlPath, List<YamlPath>> origins = new LinkedHashMap<>();
    private final Set<YamlPath> created = new LinkedHashSet<>();
    private final List<Conflict> conflicts = new ArrayList<>();

    private Synonyms() {
    }

    /** Moves every synonym in {@code tree} to where it is read. */
    static Synonyms apply(ObjectNode tree) {
        Synonyms synonyms = new Synonyms();
        for (Synonym synonym : ALL) {
            for (List<String> keys : synonyms.matches(tree, segments(synonym.from()))) {
                synonyms.move(tree, YamlPath.of(keys.toArray()), bind(segments(synonym.to()), wildcards(synonym.from(), keys)));
            }
        }
        return synonyms;
    }

    List<Conflict> conflicts() {
        return conflicts;
    }

    /** Where the file wrote what the schema reads at {@code path}: usually the path itself. */
    List<YamlPath> written(YamlPath path) {
        List<Object> segments = path.segments();
        for (int length = segments.size(); length > 0; length--) {
            YamlPath prefix = new YamlPath(segments.subList(0, length));
            List<YamlPath> from = origins.get(prefix);
            if (from != null) {
                List<Object> rest = segments.subList(length, segments.size());
                return from.stream().map(origin -> append(origin, rest)).toList();
            }
        }
        if (created.contains(path)) {
            // a section that exists only because synonyms were moved into it: name what was moved
            List<YamlPath> inside = new ArrayList<>();
            origins.forEach((to, from) -> {
                if (isUnder(to, path)) {
                    inside.addAll(from);
                }
            });
            return inside;
        }
        List<YamlPath> paths = new ArrayList<>();
        paths.add(path);
        origins.forEach((to, from) -> {
            if (isUnder(to, path)) {
                paths.addAll(from.stream().filter(origin -> !isUnder(origin, path)).toList());
            }
        });
        return paths;
    }

    private void move(ObjectNode tree, YamlPath from, YamlPath to) {
        ObjectNode sourceParent = (ObjectNode) nodeAt(tree, parent(from));
        String sourceKey = (String) last(from);
        JsonNode value = sourceParent.get(sourceKey);
        ObjectNode targetParent = objectsTo(tree, parent(to));
        if (targetParent == null) {
            return; // a value where a section is expected: left for binding to report
        }
        List<YamlPath> writtenAs = written(from);
        sourceParent.remove(sourceKey);
        removeEmpty(tree, parent(from));
        rekey(from, to);
        // the move may have emptied, and so dropped, the very section it moves into (the last key of
        // cost_management.alerts renamed within it): find the target again, recreating what was dropped
        merge(objectsTo(tree, parent(to)), (String) last(to), value, to, writtenAs);
    }

    private void merge(ObjectNode parent, String key, JsonNode value, YamlPath to, List<YamlPath> writtenAs) {
        JsonNode existing = parent.get(key);
        if (existing == null || existing.isNull()) {
            parent.set(key, value);
            origins.put(to, writtenAs);
        } else if (existing.isObject() && value.isObject()) {
            for (Map.Entry<String, JsonNode> entry : value.properties()) {
                merge((ObjectNode) existing, entry.getKey(), entry.getValue(), to.key(entry.getKey()),
                        writtenAs.stream().map(path -> path.key(entry.getKey())).toList());
            }
        } else if (existing.equals(value)) {
            List<YamlPath> both = new ArrayList<>(written(to));
            both.addAll(writtenAs);
            origins.put(to, both);
        } else {
            conflicts.add(new Conflict(writtenAs.getFirst(), written(to).getFirst(), value, existing));
        }
    }

    /** Origins recorded under a path that moves follow it to its new place. */
    private void rekey(YamlPath from, YamlPath to) {
        Map<YamlPath, List<YamlPath>> moved = new LinkedHashMap<>();
        origins.entrySet().removeIf(entry -> {
            if (isUnder(entry.getKey(), from)) {
                moved.put(append(to, entry.getKey().segments().subList(from.segments().size(),
                        entry.getKey().segments().size())), entry.getValue());
                return true;
            }
            return false;
        });
        origins.putAll(moved);
    }

    /** The object at {@code path}, creating the sections on the way; null when a value stands in the way. */
    private ObjectNode objectsTo(ObjectNode tree, YamlPath path) {
        ObjectNode node = tree;
        YamlPath walked = YamlPath.ROOT;
        for (Object segment : path.segments()) {
            walked = walked.key((String) segment);
            JsonNode child = node.get((String) segment);
            if (child == null || child.isNull()) {
                child = JsonNodeFactory.instance.objectNode();
                node.set((String) segment, child);
                created.add(walked);
            }
            if (!child.isObject()) {
                return null;
            }
            node = (ObjectNode) child;
        }
        return node;
    }

    /** Drops the sections a move emptied ({@code auth:} once {@code sso} and {@code mfa} have moved). */
    private static void removeEmpty(ObjectNode tree, YamlPath path) {
        for (YamlPath section = path; !section.segments().isEmpty(); section = parent(section)) {
            JsonNode node = nodeAt(tree, section);
            if (node == null || !node.isObject() || !node.isEmpty()) {
                return;
            }
            ((ObjectNode) nodeAt(tree, parent(section))).remove((String) last(section));
        }
    }

    /** The concrete keys of every node in {@code tree} the pattern names. */
    private List<List<String>> matches(JsonNode tree, List<String> pattern) {
        List<List<String>> found = new ArrayList<>();
        collect(tree, pattern, 0, new ArrayList<>(), found);
        return found;
    }

    private static void collect(JsonNode node, List<String> pattern, int depth, List<String> keys,
            List<List<String>> found) {
        if (node == null || !node.isObject()) {
            return;
        }
        String segment = pattern.get(depth);
        List<String> candidates = segment.equals("*") ? List.copyOf(node.propertyNames()) : List.of(segment);
        for (String key : candidates) {
            JsonNode child = node.get(key);
            if (child == null || child.isNull()) {
                continue;
            }
            List<String> longer = new ArrayList<>(keys);
            longer.add(key);
            if (depth == pattern.size() - 1) {
                found.add(longer);
            } else {
                collect(child, pattern, depth + 1, longer, found);
            }
        }
    }

    private static List<String> wildcards(String pattern, List<String> keys) {
        List<String> pieces = segments(pattern);
        List<String> bound = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            if (pieces.get(i).equals("*")) {
                bound.add(keys.get(i));
            }
        }
        return bound;
    }

    private static YamlPath bind(List<String> pattern, List<String> wildcards) {
        List<Object> keys = new ArrayList<>();
        int next = 0;
        for (String piece : pattern) {
            keys.add(piece.equals("*") ? wildcards.get(next++) : piece);
        }
        return new YamlPath(keys);
    }

    private static List<String> segments(String pattern) {
        return List.of(pattern.split("\\."));
    }

    private static JsonNode nodeAt(JsonNode tree, YamlPath path) {
        JsonNode node = tree;
        for (Object segment : path.segments()) {
            node = node == null ? null : node.get((String) segment);
        }
        return node;
    }

    private static YamlPath parent(YamlPath path) {
        return new YamlPath(path.segments().subList(0, path.segments().size() - 1));
    }

    private static Object last(YamlPath path) {
        return path.segments().getLast();
    }

    private static YamlPath append(YamlPath path, List<Object> rest) {
        List<Object> segments = new ArrayList<>(path.segments());
        segments.addAll(rest);
        return new YamlPath(segments);
    }

    private static boolean isUnder(YamlPath path, YamlPath ancestor) {
        List<Object> segments = path.segments();
        return segments.size() > ancestor.segments().size()
                && segments.subList(0, ancestor.segments().size()).equals(ancestor.segments());
    }
}
