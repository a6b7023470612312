package dev.aurelis.operations.backup;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 and row count of one table's COPY text: every row ends in a newline, and newlines in values are escaped. */
final class TableDigest {

    private final MessageDigest sha;
    private long rows;

    TableDigest() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void update(byte[] bytes, int offset, int length) {
        sha.update(bytes, offset, length);
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == '\n') {
                rows++;
            }
        }
    }

    long rows() {
        return rows;
    }

    String hex() {
        return HexFormat.of().formatHex(sha.digest());
    }
}
