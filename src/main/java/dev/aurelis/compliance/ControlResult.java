package dev.aurelis.compliance;

import java.util.List;

/**
 * A control as evaluated: its id, what it asserts, the framework clauses it supports, the status and why.
 *
 * @param references the framework's clauses or criteria this control evidences, e.g. {@code CC6.1}
 */
public record ControlResult(String id, String title, List<String> references, ControlStatus status, String reason,
        List<Evidence> evidence) {
}
