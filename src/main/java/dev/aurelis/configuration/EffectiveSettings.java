package dev.aurelis.configuration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The settings one environment runs with, flattened to YAML paths: the file's values with the environment's entry
 * laid over them the way the server applies it (models, GitHub token, replicas and high-availability switches, the
 * organisation's cost limits, disaster recovery, resources, feature flags). For {@code aurelis config diff}. Secrets
 * (any key naming a token, key, secret or password) appear only as a fingerprint, so two environments' secrets can
 * be told apart without being shown.
 */
@ConfigurationBinding
public final class EffectiveSettings {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> SECRET_WORDS = List.of("token", "key", "secret", "password", "authorization");

    private EffectiveSettings() {
    }

    /** One setting that differs: its path and each side's value (null where a side does not set it). */
    public record Difference(String path, String left, String right) {
    }

    /** {@code config} as environment {@code environment} runs it. */
    public static Map<String, String> of(AurelisConfig config, String environment) {
        AurelisConfig running = config.withEnvironment(environment);
        Map<String, String> settings = new TreeMap<>();
        JsonNode tree = JSON.valueToTree(running);
        flatten("", tree, settings);
        settings.keySet().removeIf(path -> path.startsWith("environments."));
        settings.remove("environment");
        overlay(running, settings);
        settings.replaceAll((path, value) -> secret(path) && value != null ? fingerprint(value) : value);
        return settings;
    }

    public static List<Difference> diff(Map<String, String> left, Map<String, String> right) {
        List<Difference> differences = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>(left.keySet());
        paths.addAll(right.keySet());
        for (String path : paths) {
            if (!Objects.equals(left.get(path), right.get(path))) {
                differences.add(new Difference(path, left.get(path), right.get(path)));
            }
        }
        return differences;
    }

    private static void overlay(AurelisConfig running, Map<String, String> settings) {
        settings.keySet().removeIf(path -> path.startsWith("models."));
        flatten("models", JSON.valueToTree(running.activeModels()), settings);
        put(settings, "github_token", running.activeGithubToken());
        EnvironmentProfile profile = running.activeEnvironmentProfile().orElse(null);
        if (profile == null) {
            return;
        }
        EnvironmentProfile.Availability ha = profile.highAvailability();
        put(settings, "high_availability.enabled", ha.enabled());
        put(settings, "high_availability.replicas", ha.replicas());
        put(settings, "high_availability.auto_scaling", ha.autoScaling());
        put(settings, "high_availability.load_balancing", ha.loadBalancing());
        put(settings, "cost_management.budgets.organization.daily_limit", profile.costLimits().daily());
        put(settings, "cost_management.budgets.organization.monthly_limit", profile.costLimits().monthly());
        EnvironmentProfile.DisasterRecovery dr = profile.disasterRecovery();
        put(settings, "high_availability.disaster_recovery", dr.enabled());
        put(settings, "high_availability.backup_frequency", dr.backupFrequency());
        put(settings, "high_availability.cross_region_replication", dr.crossRegionReplication());
        put(settings, "high_availability.rto_minutes", dr.rtoMinutes());
        put(settings, "high_availability.rpo_minutes", dr.rpoMinutes());
        put(settings, "resources", profile.resources());
        if (!profile.featureFlags().isEmpty()) {
            settings.put("feature_flags", String.join(", ", profile.featureFlags()));
        }
    }

    /** An environment's value replaces the file's; one it leaves out leaves the file's. */
    private static void put(Map<String, String> settings, String path, Object value) {
        if (value != null) {
            settings.put(path, text(JSON.valueToTree(value)));
        }
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), into);
            }
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                return;
            }
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), into);
            }
        } else if (!node.isNull() && !node.isMissingNode()) {
            into.put(prefix, text(node));
        }
    }

    private static String text(JsonNode node) {
        return node.isValueNode() ? node.asString() : node.toString();
    }

    private static boolean secret(String path) {
        String last = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(word -> last.equals(word) || last.endsWith("_" + word));
    }

    private static String fingerprint(String value) {
        if (value.isEmpty()) {
            return "";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "(secret, sha256:" + HexFormat.of().formatHex(digest, 0, 4) + ")";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
