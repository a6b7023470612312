package dev.aurelis.compliance;

import java.time.Instant;
import java.util.List;

/**
 * A framework's evidence report for one organisation and period, made from the deployment's configuration and
 * records at {@code generatedAt}.
 */
public record ComplianceReport(String tenantId, Framework framework, String frameworkTitle, String period,
        Instant from, Instant to, Instant generatedAt, Summary summary, List<ControlResult> controls) {

    public record Summary(int pass, int fail, int notApplicable) {
    }

    public List<ControlResult> failing() {
        return controls.stream().filter(c -> c.status() == ControlStatus.FAIL).toList();
    }
}
