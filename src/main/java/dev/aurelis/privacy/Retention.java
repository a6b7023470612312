package dev.aurelis.privacy;

import dev.aurelis.tenancy.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The retention policies as applied: whether they are on, and what the last run found per store. */
public interface Retention {

    boolean enabled();

    /** Applies every store's policy for {@code tenant} now. */
    List<RetentionOutcome> run(TenantId tenant);

    Optional<List<RetentionOutcome>> lastRun(TenantId tenant);

    Instant now();
}
