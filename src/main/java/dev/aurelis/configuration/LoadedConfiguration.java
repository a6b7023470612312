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
 * @param notYetEnforced      YAML paths of keys the file sets that Aurelis accepts but does not act on yet
 *                            ({@link NotYetEnforced}), e.g. {@code security.pii_detection}
 */
public record LoadedConfiguration(AurelisConfig config, List<String> unknownKeys, List<String> unresolvedVariables,
        List<String> notYetEnforced) {

    public LoadedConfiguration {
        unknownKeys = List.copyOf(unknownKeys);
        unresolvedVariables = List.copyOf(unresolvedVariables);
        notYetEnforced = List.copyOf(notYetEnforced);
    }

    /** The configuration of no file at all: the defaults, nothing to report. */
    public static LoadedConfiguration defaults() {
        return new LoadedConfiguration(AurelisConfig.defaults(), List.of(), List.of(), List.of());
    }

    /** One sentence per unknown key and unset variable, and one listing every key not yet enforced. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        unknownKeys.forEach(key -> warnings.add("Unknown configuration key " + key + " was ignored"));
        unresolvedVariables.forEach(name -> warnings.add(
                "Environment variable " + name + " is not set; the values that reference it are empty"));
        if (!notYetEnforced.isEmpty()) {
            warnings.add(notYetEnforcedSentence());
        }
        return warnings;
    }

    /** {@code Accepted, not yet enforced: security.pii_detection, ...}, or empty text when every key set acts. */
    public String notYetEnforcedSentence() {
        return notYetEnforced.isEmpty() ? "" : "Accepted, not yet enforced: " + String.join(", ", notYetEnforced);
    }
}
