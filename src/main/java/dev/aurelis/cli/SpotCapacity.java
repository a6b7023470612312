package dev.aurelis.cli;

import java.util.List;
import java.util.Locale;

/** The clouds whose spot nodes the chart knows how to select (their node labels and taints are in the chart). */
final class SpotCapacity {

    static final List<String> PROVIDERS = List.of("aws", "gcp", "azure");

    private SpotCapacity() {
    }

    /** aws, gcp or azure; google and the managed services' names are accepted for them. */
    static String provider(String name) {
        String normal = name.toLowerCase(Locale.ROOT);
        String provider = switch (normal) {
            case "aws", "eks" -> "aws";
            case "gcp", "google", "gke" -> "gcp";
            case "azure", "aks" -> "azure";
            default -> null;
        };
        if (provider == null) {
            throw new CliException("cost_optimization: spot_instances on provider '" + name + "' has no rendering",
                    "Name the provider (" + String.join(", ", PROVIDERS) + ") in the strategy or in deployment.provider.", 1);
        }
        return provider;
    }
}
