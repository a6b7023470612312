package dev.aurelis.collaboration;

import java.time.Instant;

/** A person taking part in a session, by e-mail address; {@code leftAt} is set once they left. */
public record Participant(String email, Instant joinedAt, Instant leftAt) {

    public boolean current() {
        return leftAt == null;
    }
}
