package dev.aurelis.analytics.rollup;

import dev.aurelis.spend.LedgerCursor;
import java.time.ZoneId;

/** How far a grain of a tenant's rollups has folded the ledger feed, and the zone its days are cut in. */
public record RollupState(Grain grain, LedgerCursor cursor, ZoneId zone) {
}
