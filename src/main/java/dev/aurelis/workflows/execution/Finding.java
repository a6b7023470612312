package dev.aurelis.workflows.execution;

import dev.aurelis.workflows.definitions.Severity;

/**
 * A problem a step reports: where (file and line in the new version; line 0 when it concerns the file as a whole or
 * no file), how serious, and what.
 */
public record Finding(String step, String file, int line, Severity severity, String title, String message) {
}
