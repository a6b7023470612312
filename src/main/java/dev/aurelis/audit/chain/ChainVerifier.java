package dev.aurelis.audit.chain;

import dev.aurelis.audit.AuditEntry;
import dev.aurelis.audit.Verification;
import dev.aurelis.tenancy.TenantId;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Recomputes a tenant's chain and checks every checkpoint's signature. Reports the first broken place: an entry whose
 * link does not match its content (edited), a number missing or out of place (deleted or reordered), a chain that no
 * longer reaches its head or its last checkpoint (entries removed at the end), a checkpoint whose signature fails.
 * After a retention cut the chain starts from the checkpoint at the last removed entry.
 */
@Component
public class ChainVerifier {

    private static final int PAGE = 2_000;

    private final AuditLog auditLog;
    private final Checkpoints checkpoints;
    private final AuditKey key;

    ChainVerifier(AuditLog auditLog, Checkpoints checkpoints, AuditKey key) {
        this.auditLog = auditLog;
        this.checkpoints = checkpoints;
        this.key = key;
    }

    /** Verifies the chain from the entry numbered {@code fromSeq} (1 for all of it). */
    public Verification verify(TenantId tenant, long fromSeq) {
        Map<Long, Checkpoints.Checkpoint> signed = new TreeMap<>();
        for (Checkpoints.Checkpoint c : checkpoints.all(tenant)) {
            if (!key.knows(c.keyId())) {
                return Verification.broken(c.seq(), null, "checkpoint " + c.seq() + " was signed by key " + c.keyId()
                        + ", which this deployment does not know", 0, 0);
            }
            if (!key.verify(c.keyId(), c.message(), c.signature())) {
                return Verification.broken(c.seq(), null, "the signature of checkpoint " + c.seq() + " does not verify", 0, 0);
            }
            signed.put(c.seq(), c);
        }

        // the head as it stands now bounds what is checked: entries appended while the chain is read are the next
        // verification's, and an entry is never visible before the head that counts it (one transaction writes both)
        AuditLog.Head head = auditLog.head(tenant);
        long first = auditLog.firstSeq(tenant).orElse(0L);
        long start = Math.max(fromSeq, Math.max(first, 1));
        // the link before the first entry checked: genesis, a checkpoint (after a retention cut), or the stored entry
        byte[] previous;
        if (start == 1) {
            previous = Canonical.GENESIS;
        } else if (signed.containsKey(start - 1)) {
            previous = signed.get(start - 1).hash();
        } else if (start > first && first > 0) {
            List<AuditEntry> before = auditLog.after(tenant, start - 2, 1);
            if (before.isEmpty() || before.getFirst().seq() != start - 1) {
                return Verification.broken(start - 1, null, "entry " + (start - 1) + " is missing", 0, signed.size());
            }
            previous = Canonical.unhex(before.getFirst().hash());
        } else {
            return Verification.broken(start, null, "the chain starts at entry " + start
                    + " but no signed checkpoint anchors entry " + (start - 1) + " (entries were removed)", 0, signed.size());
        }

        long expected = start;
        long checked = 0;
        while (true) {
            List<AuditEntry> page = auditLog.after(tenant, expected - 1, PAGE);
            for (AuditEntry entry : page) {
                if (entry.seq() > head.seq()) {
                    break;
                }
                if (entry.seq() != expected) {
                    return Verification.broken(expected, null, "entry " + expected + " is missing (the next is "
                            + entry.seq() + ")", checked, signed.size());
                }
                if (!MessageDigest.isEqual(previous, Canonical.unhex(entry.prevHash()))) {
                    return Verification.broken(entry.seq(), entry.id(), "entry " + entry.seq()
                            + " does not link to the entry before it (removed, inserted or reordered)", checked, signed.size());
                }
                Canonical.Fields fields = AuditLog.fields(entry);
                byte[] personal = entry.personal() == null ? null : Canonical.unhex(entry.personal());
                if (personal != null && entry.salt() != null
                        && !MessageDigest.isEqual(personal, Canonical.personalDigest(Canonical.unhex(entry.salt()), fields))) {
                    return Verification.broken(entry.seq(), entry.id(), "entry " + entry.seq()
                            + " was changed after it was recorded (its personal fields do not match their digest)", checked, signed.size());
                }
                if (personal != null && entry.salt() == null && entry.erasedAt() == null) {
                    return Verification.broken(entry.seq(), entry.id(), "entry " + entry.seq()
                            + " lost the key of its personal fields' digest without an erasure", checked, signed.size());
                }
                byte[] link = Canonical.link(previous, fields, personal);
                if (!MessageDigest.isEqual(link, Canonical.unhex(entry.hash()))) {
                    return Verification.broken(entry.seq(), entry.id(), "entry " + entry.seq()
                            + " was changed after it was recorded (its content does not match its link)", checked, signed.size());
                }
                Checkpoints.Checkpoint checkpoint = signed.get(entry.seq());
                if (checkpoint != null && !MessageDigest.isEqual(checkpoint.hash(), link)) {
                    return Verification.broken(entry.seq(), entry.id(), "entry " + entry.seq()
                            + " differs from what signed checkpoint " + entry.seq() + " recorded", checked, signed.size());
                }
                previous = link;
                expected++;
                checked++;
            }
            if (page.size() < PAGE || expected > head.seq()) {
                break;
            }
        }
        long last = expected - 1;
        long lastSigned = signed.isEmpty() ? 0 : ((TreeMap<Long, Checkpoints.Checkpoint>) signed).lastKey();
        if (lastSigned > last) {
            return Verification.broken(last + 1, null, "entries " + (last + 1) + " to " + lastSigned
                    + " are missing: signed checkpoint " + lastSigned + " covers them", checked, signed.size());
        }
        if (head.seq() > last) {
            return Verification.broken(last + 1, null, "entries " + (last + 1) + " to " + head.seq()
                    + " are missing: the chain's head is at " + head.seq(), checked, signed.size());
        }
        if (head.seq() == last && last > 0 && !MessageDigest.isEqual(head.hash(), previous)) {
            return Verification.broken(last, null, "the chain's head does not match entry " + last, checked, signed.size());
        }
        return Verification.intact(start, last, checked, signed.size());
    }
}
