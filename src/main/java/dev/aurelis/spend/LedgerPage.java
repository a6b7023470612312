package dev.aurelis.spend;

import java.util.List;

/**
 * Records of one tenant that follow a cursor, in commit order, each with its position (the cursor just after it),
 * and the cursor after the last of them (the same cursor when there are none). {@code full} says the page held as
 * many records as were asked for: more may follow at once.
 */
public record LedgerPage(List<UsageRecord> records, List<LedgerCursor> positions, LedgerCursor next, boolean full) {

    public LedgerPage {
        records = List.copyOf(records);
        positions = List.copyOf(positions);
        if (positions.size() != records.size()) {
            throw new IllegalArgumentException("A ledger page has one position per record");
        }
    }

    public boolean isEmpty() {
        return records.isEmpty();
    }
}
