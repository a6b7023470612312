package dev.aurelis.compliance;

import dev.aurelis.compliance.controls.Catalogue;
import dev.aurelis.compliance.controls.Control;
import dev.aurelis.compliance.controls.Scope;
import dev.aurelis.tenancy.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Evaluates a framework's controls for an organisation and period and assembles the report. */
@Component
public class ComplianceReports {

    private final Catalogue catalogue;
    private final ComplianceSettings settings;
    private final Clock clock;

    ComplianceReports(Catalogue catalogue, ComplianceSettings settings, Optional<Clock> clock) {
        this.catalogue = catalogue;
        this.settings = settings;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /**
     * The report for {@code framework} (null: the first the configuration names, else SOC 2) over {@code period}
     * (null: the current quarter).
     */
    public ComplianceReport report(TenantId tenant, String framework, String period) {
        Framework f = framework == null || framework.isBlank()
                ? settings.frameworks().stream().findFirst().orElse(Framework.SOC2)
                : Framework.parse(framework);
        ReportPeriod p = ReportPeriod.parse(period, clock);
        Instant now = clock.instant();
        Scope scope = new Scope(tenant, f, p, now);
        List<ControlResult> results = catalogue.forFramework(f).stream().map(c -> c.evaluate(scope)).toList();
        int pass = (int) results.stream().filter(r -> r.status() == ControlStatus.PASS).count();
        int fail = (int) results.stream().filter(r -> r.status() == ControlStatus.FAIL).count();
        return new ComplianceReport(tenant.value(), f, f.title(), p.name(), p.from(), p.to(), now,
                new ComplianceReport.Summary(pass, fail, results.size() - pass - fail), results);
    }

    /** The controls of the catalogue that {@code framework} includes. */
    public List<Control> controls(Framework framework) {
        return catalogue.forFramework(framework);
    }
}
