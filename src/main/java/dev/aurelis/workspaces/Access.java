package dev.aurelis.workspaces;

import java.util.Locale;

/** What a member may do in one permission area: nothing, read, or read and write (the brief's values). */
public enum Access {
    NONE, READ, READ_WRITE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean reads() {
        return this != NONE;
    }

    public boolean writes() {
        return this == READ_WRITE;
    }

    /** The lesser of the two. */
    public Access atMost(Access cap) {
        return ordinal() <= cap.ordinal() ? this : cap;
    }

    /** @throws IllegalArgumentException naming {@code field} and the values allowed */
    public static Access of(String value, String field) {
        if (value != null) {
            for (Access access : values()) {
                if (access.wireName().equals(value.strip().toLowerCase(Locale.ROOT))) {
                    return access;
                }
            }
        }
        throw new IllegalArgumentException("'" + field + "' must be none, read or read_write, not '" + value + "'.");
    }
}
