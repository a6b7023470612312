package dev.aurelis.gateway.wire;

/**
 * Strict UTF-8 (RFC 3629): shortest forms only, no surrogates, nothing above U+10FFFF. JSON parsers accept an
 * overlong form such as {@code C0 80} as a character (here a NUL), which would then travel to providers and into
 * records as if the client had sent it.
 */
public final class Utf8 {

    private Utf8() {
    }

    /** The offset of the first byte that is not part of valid UTF-8, or -1 when all of them are. */
    public static int firstInvalid(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            int lead = b & 0xFF;
            int needed;
            int min;
            if (lead >= 0xC2 && lead <= 0xDF) {
                needed = 1;
                min = 0x80;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                needed = 2;
                min = 0x800;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                needed = 3;
                min = 0x10000;
            } else {
                return i; // a continuation byte without a lead, C0/C1 (always overlong), or F5 and above
            }
            if (i + needed >= to) {
                return i;
            }
            int code = lead & (0x3F >> needed);
            for (int k = 1; k <= needed; k++) {
                int next = bytes[i + k] & 0xFF;
                if ((next & 0xC0) != 0x80) {
                    return i;
                }
                code = code << 6 | next & 0x3F;
            }
            if (code < min || code > 0x10FFFF || code >= 0xD800 && code <= 0xDFFF) {
                return i;
            }
            i += needed + 1;
        }
        return -1;
    }
}
