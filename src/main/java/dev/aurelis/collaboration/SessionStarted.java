package dev.aurelis.collaboration;

import dev.aurelis.audit.AuditedEvent;
import java.util.List;
import java.util.UUID;

/** Published after a collaborative session was started in a workspace. */
public record SessionStarted(String tenantId, String workspace, UUID sessionId, List<String> participants, String actor)
        implements AuditedEvent {

    @Override
    public String auditCategory() {
        return "admin";
    }

    @Override
    public String auditAction() {
        return "workspace.session_started";
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
