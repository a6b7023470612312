package dev.aurelis.analytics.rollup;

import dev.aurelis.spend.UsageRecord;
import dev.aurelis.tenancy.TenantId;
import java.util.List;

/**
 * Told of the ledger records the rollups have folded, once the fold has committed: each record once, in commit
 * order, as it first reaches the hourly grain (not again when the rollups are rebuilt).
 */
public interface FoldedRecords {

    void folded(TenantId tenant, List<UsageRecord> records);
}
