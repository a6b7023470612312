package dev.aurelis.audit;

/** Page cursors of the audit API: opaque to callers, the number of the last entry of a page underneath. */
public final class Cursors {

    private Cursors() {
    }

    public static String of(long seq) {
        return "s" + seq;
    }

    /** The entry number a cursor stands for; a malformed cursor is the caller's error. */
    public static long seq(String cursor) {
        if (cursor == null || cursor.length() < 2 || cursor.charAt(0) != 's') {
            throw new IllegalArgumentException("cursor '" + cursor + "' is not one this API returned");
        }
        try {
            return Long.parseLong(cursor.substring(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cursor '" + cursor + "' is not one this API returned");
        }
    }
}
