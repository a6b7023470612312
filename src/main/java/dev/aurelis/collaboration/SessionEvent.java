package dev.aurelis.collaboration;

import java.time.Instant;

/**
 * One entry of a session's ordered log, as stored and as sent to connected participants.
 *
 * @param sequence the entry's place in the session (1, 2, 3…): a reconnecting client asks for those after the last
 *                 it saw
 * @param type     {@code joined}, {@code left}, {@code change}, {@code assistant} or {@code ended}
 * @param filePath the changed file, for a change
 * @param version  the file's version this change made, for a change
 * @param prompt   what the participant asked, for an assistant turn
 * @param content  the file's new content (change) or the assistant's answer (assistant)
 */
public record SessionEvent(long sequence, String type, String actor, String filePath, Integer version, String prompt,
        String content, Instant at) {

    public static final String JOINED = "joined";
    public static final String LEFT = "left";
    public static final String CHANGE = "change";
    public static final String ASSISTANT = "assistant";
    public static final String ENDED = "ended";
}
