package dev.aurelis.configuration;

import java.nio.file.Path;
import java.util.List;

/**
 * What an accepted configuration file leaves to the operator's attention; the same for the start-up warnings,
 * {@code GET /api/v1/configuration/status} and {@code aurelis config check}.
 *
 * @param file                the file's name, or null when running on defaults
 * @param environment         the running environment ({@code AURELIS_ENVIRONMENT} or {@code environment:})
 * @param notYetEnforced      keys the file sets that Aurelis accepts but does not act on yet
 * @param unknownKeys         keys that mean nothing to Aurelis (usually typos), ignored
 * @param unresolvedVariables environment variables the file references that are not set
 * @param featureFlags        the running environment's {@code feature_flags}, reported for clients and operators to
 *                            gate on; no flag changes what the server itself does (ADR 0061)
 */
public record ConfigurationStatus(String file, String environment, List<String> notYetEnforced,
        List<String> unknownKeys, List<String> unresolvedVariables, List<String> featureFlags) {

    public static ConfigurationStatus of(Path file, LoadedConfiguration loaded) {
        return new ConfigurationStatus(file == null || file.getFileName() == null ? null : file.getFileName().toString(),
                loaded.config().environment(), loaded.notYetEnforced(), loaded.unknownKeys(),
                loaded.unresolvedVariables(), loaded.config().activeEnvironmentProfile()
                        .map(EnvironmentProfile::featureFlags).orElse(List.of()));
    }

    /** Whether anything needs the operator's attention. */
    public boolean hasWarnings() {
        return !notYetEnforced.isEmpty() || !unknownKeys.isEmpty() || !unresolvedVariables.isEmpty();
    }
}
