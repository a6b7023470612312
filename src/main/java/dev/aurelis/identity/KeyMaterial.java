package dev.aurelis.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Key secrets and their hashes. A key is 256 random bits, so a single SHA-256 is a sound one-way hash for it
 * (no salt or stretching is needed for secrets that cannot be guessed); only the hash is stored.
 */
final class KeyMaterial {

    static final String PREFIX = "aur-";
    private static final int VISIBLE_CHARACTERS = PREFIX.length() + 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyMaterial() {
    }

    static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The part of a key that may be displayed to identify it. */
    static String visiblePrefix(String key) {
        return key.length() <= VISIBLE_CHARACTERS ? key : key.substring(0, VISIBLE_CHARACTERS);
    }

    static boolean sameHash(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
