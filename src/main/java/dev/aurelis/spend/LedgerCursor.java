package dev.aurelis.spend;

import java.util.UUID;

/**
 * A position in the ledger's commit order: just after the record {@code id} written by database transaction
 * {@code transaction}. Readers of the {@link LedgerFeed} keep the cursor of the last page they handled and ask for
 * what follows it; {@link #toString()} and {@link #parse} give a compact text form to store.
 */
public record LedgerCursor(long transaction, UUID id) implements Comparable<LedgerCursor> {

    /** Before the first record. */
    public static final LedgerCursor START = new LedgerCursor(0, null);

    public LedgerCursor {
        if (transaction < 0) {
            throw new IllegalArgumentException("A ledger transaction id is never negative");
        }
        if (id == null && transaction != 0) {
            throw new IllegalArgumentException("A ledger cursor past the start names its record");
        }
    }

    public boolean isStart() {
        return id == null;
    }

    /** The commit order: by transaction, then by record id as PostgreSQL orders uuids (unsigned, byte by byte). */
    @Override
    public int compareTo(LedgerCursor other) {
        int byTransaction = Long.compare(transaction, other.transaction);
        if (byTransaction != 0 || id == other.id) {
            return byTransaction;
        }
        if (id == null || other.id == null) {
            return id == null ? -1 : 1;
        }
        int high = Long.compareUnsigned(id.getMostSignificantBits(), other.id.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(id.getLeastSignificantBits(), other.id.getLeastSignificantBits());
    }

    /** {@code start}, or {@code <transaction>:<record id>}. */
    @Override
    public String toString() {
        return isStart() ? "start" : transaction + ":" + id;
    }

    /** Reads {@link #toString()}'s form; null or blank is the start. */
    public static LedgerCursor parse(String text) {
        if (text == null || text.isBlank() || text.strip().equals("start")) {
            return START;
        }
        int colon = text.indexOf(':');
        try {
            if (colon > 0) {
                return new LedgerCursor(Long.parseLong(text.substring(0, colon).strip()),
                        UUID.fromString(text.substring(colon + 1).strip()));
            }
        } catch (IllegalArgumentException e) {
            // reported below with the expected form
        }
        throw new IllegalArgumentException("'" + text + "' is not a ledger cursor: expected 'start' or "
                + "'<transaction>:<record id>'.");
    }
}
