package dev.aurelis.configuration;

import java.util.ArrayList;
import java.util.List;

/**
 * A configuration that was accepted, with what the operator should still be told about.
 *
 * @param unknownKeys         YAML paths that mean nothing to Aurelis and were ignored, e.g. {@code models.foo},
 *                            {@code providers[1].bar}; usually typos
 * @param unresolvedVariables names of environment variables referenced without a default that were not set; each
 *                            reference became null (a whole value) or empty text (part of a value)
 */
public record LoadedConfiguration(AurelisConfig config, List<String> unknownKeys, List<String> unresolvedVariables) {

    public LoadedConfiguration {
        unknownKeys = List.copyOf(unknownKeys);
        unresolvedVariables = List.copyOf(unresolvedVariables);
    }

    /** One sentence per unknown key and unset variable, ready to log as warnings. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        unknownKeys.forEach(key -> warnings.add("Unknown configuration key " + key + " was ignored"));
        unresolvedVariables.forEach(name -> warnings.add(
                "Environment variable " + name + " is not set; the values that reference it are empty"));
        return warnings;
    }
}
