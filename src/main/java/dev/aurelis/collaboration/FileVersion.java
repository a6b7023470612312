package dev.aurelis.collaboration;

import java.time.Instant;

/** The current version of a file of a session: the last change pushed to it. */
public record FileVersion(String filePath, int version, String content, String author, Instant at) {
}
