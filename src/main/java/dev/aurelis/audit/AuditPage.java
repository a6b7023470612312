package dev.aurelis.audit;

import java.util.List;

/** A page of entries and the cursor of the next page (null when this is the last). */
public record AuditPage(List<AuditEntry> entries, String nextCursor) {
}
