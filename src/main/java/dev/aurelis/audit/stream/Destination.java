package dev.aurelis.audit.stream;

import dev.aurelis.audit.AuditEntry;
import java.util.List;

/** Where entries are streamed as they are recorded: a SIEM's collector, a syslog server or a webhook. */
public interface Destination {

    /** The destination as configured, with no secret in it: identifies its delivery cursor. */
    String name();

    /** Delivers the entries, in order, or throws; a batch that throws is sent again later (at least once). */
    void send(List<AuditEntry> entries) throws Exception;
}
