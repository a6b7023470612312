package dev.aurelis.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code environments.<name>.resources}: the Cortex brief's size classes as container requests and limits. minimal
 * is the Cortex brief's deployment template, high_availability the Aurelis brief's Deployment, standard between.
 */
final class ResourceSizes {

    private static final Map<String, Map<String, Object>> SIZES = new LinkedHashMap<>();

    static {
        SIZES.put("minimal", size("250m", "512Mi", "500m", "1Gi"));
        SIZES.put("standard", size("500m", "1Gi", "1000m", "2Gi"));
        SIZES.put("high_availability", size("500m", "1Gi", "2000m", "4Gi"));
    }

    private ResourceSizes() {
    }

    static Map<String, Object> of(String name) {
        Map<String, Object> size = SIZES.get(name);
        if (size == null) {
            throw new CliException("resources: '" + name + "' is not a size class",
                    "Use one of " + String.join(", ", SIZES.keySet()) + ".", 1);
        }
        return size;
    }

    private static Map<String, Object> size(String cpu, String memory, String cpuLimit, String memoryLimit) {
        return Map.of("requests", Map.of("cpu", cpu, "memory", memory),
                "limits", Map.of("cpu", cpuLimit, "memory", memoryLimit));
    }
}
