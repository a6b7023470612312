package dev.aurelis.compliance.controls;

import dev.aurelis.compliance.Framework;
import dev.aurelis.compliance.ReportPeriod;
import dev.aurelis.tenancy.TenantId;
import java.time.Instant;

/** What a control is evaluated for: an organisation, a framework, a period, and the moment of evaluation. */
public record Scope(TenantId tenant, Framework framework, ReportPeriod period, Instant now) {

    /** An admin API filter for the period, to append to an audit query's link. */
    String periodQuery() {
        return "from=" + period.from() + "&to=" + period.to();
    }
}
