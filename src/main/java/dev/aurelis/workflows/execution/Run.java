package dev.aurelis.workflows.execution;

import java.time.Instant;
import java.util.UUID;

/**
 * A run as stored: which workflow, for which change, attributed to whom, and how far it got.
 *
 * @param source     {@code github}, {@code gitlab} or {@code ci}
 * @param pullNumber null for a push to a branch and for a review from CI
 * @param status     {@code queued}, {@code running}, {@code awaiting_approval}, {@code publishing}, {@code completed}
 *                   or {@code cancelled}
 * @param diff       the diff a review from CI sent; null otherwise
 */
public record Run(UUID id, String workflow, String source, String repository, Long pullNumber, String baseSha,
        String headSha, String trigger, String author, String title, String team, String project, String status,
        String conclusion, Long checkRunId, Long reviewId, String diff, Instant createdAt, Instant startedAt,
        Instant finishedAt) {

    public boolean open() {
        return status.equals("queued") || status.equals("running") || status.equals("publishing");
    }
}
