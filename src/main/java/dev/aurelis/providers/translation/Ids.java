package dev.aurelis.providers.translation;

import java.security.SecureRandom;

/**
 * Identifiers in the shape each vendor uses ({@code chatcmpl-…}, {@code msg_…}, {@code resp_…}, {@code toolu_…}).
 * Translated ids keep the upstream suffix so a log line on either side can be matched to the other.
 */
final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private Ids() {
    }

    /** {@code id} with its vendor prefix replaced by {@code to}; a fresh id when there is none. */
    static String convert(String id, String to) {
        if (id == null || id.isBlank()) {
            return random(to);
        }
        for (String known : new String[] {"chatcmpl-", "msg_", "resp_"}) {
            if (id.startsWith(known) && id.length() > known.length()) {
                return to + id.substring(known.length());
            }
        }
        return to + id;
    }

    static String random(String prefix) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < 24; i++) {
            id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }
}
