package dev.aurelis.workflows;

import java.time.Instant;
import java.util.UUID;

/**
 * Signed, expiring links to decide one approval step of one run, sent with the request for approval. A link is no
 * authority of its own: it names what to decide, and the person who opens it must be signed in and be among the
 * step's approvers. It stops working when the step's time runs out, once the step is decided, or when the data key
 * it was signed with is gone.
 */
public interface ApprovalLinks {

    /** What a valid link names. */
    record Named(UUID runId, String step, Instant expiresAt) {
    }

    /** A link that cannot be used: {@code expired}, or not a link Aurelis made (tampered, cut, or of a lost key). */
    final class LinkRefused extends RuntimeException {

        private final boolean expired;

        public LinkRefused(String message, boolean expired) {
            super(message);
            this.expired = expired;
        }

        public boolean expired() {
            return expired;
        }
    }

    /** The console path that opens {@code token}: {@code /console/approvals/{token}}. */
    static String path(String token) {
        return "/console/approvals/" + token;
    }

    /**
     * A token naming the run's approval step, valid until {@code expiresAt} (the step's deadline); the workflows'
     * notifications send it.
     */
    String create(UUID runId, String step, Instant expiresAt);

    /** What the token names, once its signature and expiry allow it. */
    Named open(String token);
}
