package dev.aurelis.audit;

import java.util.UUID;

/**
 * The outcome of recomputing a tenant's chain.
 *
 * @param valid       whether every entry and checkpoint checked out
 * @param fromSeq     the first entry checked
 * @param toSeq       the last entry checked
 * @param entries     how many entries were checked
 * @param checkpoints how many signed checkpoints verified
 * @param brokenSeq   where the chain first breaks, null when valid
 * @param brokenId    the id of the entry found there, when there is one
 * @param problem     what is wrong there, null when valid
 */
public record Verification(boolean valid, long fromSeq, long toSeq, long entries, int checkpoints, Long brokenSeq,
        UUID brokenId, String problem) {

    public static Verification intact(long from, long to, long entries, int checkpoints) {
        return new Verification(true, from, to, entries, checkpoints, null, null, null);
    }

    public static Verification broken(long seq, UUID id, String problem, long entries, int checkpoints) {
        return new Verification(false, 0, 0, entries, checkpoints, seq, id, problem);
    }
}
