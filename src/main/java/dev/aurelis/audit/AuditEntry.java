package dev.aurelis.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * One recorded entry of a tenant's trail, as read back.
 *
 * @param seq       its place in the tenant's chain, from 1 without gaps
 * @param category  e.g. {@code admin}, {@code sign_in}, {@code access}, {@code spend}, {@code exchange}
 * @param action    what happened, e.g. {@code key.issued}, {@code sign_in.failed}
 * @param actor     who did it (an e-mail, {@code configuration}, a key prefix), null when unknown
 * @param target    what it was done to (a key, a user, a role), null when nothing in particular
 * @param outcome   {@code success}, {@code failure} or {@code refused}
 * @param details   the particulars as canonical JSON (sorted keys): before and after values of a change, reasons
 * @param hash      hex of the entry's chain link
 * @param personal  hex of the keyed digest of the personal fields that the link covers in their place (null for
 *                  entries recorded before digests, whose link covers the fields themselves)
 * @param salt      hex of the digest's key; null once the entry's personal fields were erased
 * @param erasedAt  when a person named in the entry was erased (their e-mail and names replaced by a pseudonym)
 */
public record AuditEntry(String tenantId, long seq, UUID id, Instant occurredAt, Instant recordedAt, String category,
        String action, String actor, String target, String outcome, String sourceIp, String userAgent, String details,
        String prevHash, String hash, String personal, String salt, Instant erasedAt) {
}
