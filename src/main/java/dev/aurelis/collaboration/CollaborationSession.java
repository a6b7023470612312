package dev.aurelis.collaboration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A collaborative session of a workspace.
 *
 * @param lastSequence the sequence of the session's last event (0 before any)
 */
public record CollaborationSession(UUID id, String workspace, String title, String createdBy, Instant createdAt,
        String endedBy, Instant endedAt, long lastSequence, List<Participant> participants) {

    public CollaborationSession {
        participants = List.copyOf(participants);
    }

    public boolean ended() {
        return endedAt != null;
    }

    /** Whether the person with this address takes part now (joined and not left). */
    public boolean hasParticipant(String email) {
        return participants.stream().anyMatch(p -> p.current() && p.email().equalsIgnoreCase(email));
    }
}
