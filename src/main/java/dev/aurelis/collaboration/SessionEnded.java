package dev.aurelis.collaboration;

import dev.aurelis.audit.AuditedEvent;
import java.util.UUID;

/** Published after a collaborative session was ended; nothing more can be pushed to it. */
public record SessionEnded(String tenantId, String workspace, UUID sessionId, long lastSequence, String actor)
        implements AuditedEvent {

    @Override
    public String auditCategory() {
        return "admin";
    }

    @Override
    public String auditAction() {
        return "workspace.session_ended";
    }

    @Override
    public String auditActor() {
        return actor;
    }

    @Override
    public String auditTarget() {
        return "workspace:" + workspace + "/session:" + sessionId;
    }
}
