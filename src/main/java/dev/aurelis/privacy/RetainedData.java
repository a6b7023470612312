package dev.aurelis.privacy;

import dev.aurelis.tenancy.TenantId;
import java.time.Instant;
import java.util.List;

/**
 * A module's data with a retention policy. When retention policies are on ({@code security.retention_policies} or
 * {@code compliance.retention_policies}) the privacy module's job asks each implementation, on one replica at a
 * time, to drop or pseudonymise what is past its policy in its own tables, and to say what is left.
 */
public interface RetainedData {

    List<RetentionOutcome> applyRetention(TenantId tenant, Instant now);
}
