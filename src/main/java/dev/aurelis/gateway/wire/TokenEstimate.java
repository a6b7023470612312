package dev.aurelis.gateway.wire;

/**
 * A cheap estimate of the o200k token count of a text, in one pass over its characters and without the tokenizer:
 * what reservations against soft budgets and token rate limits take before the provider reports the real figure
 * (ADR 0047). It follows the shape of the tokenizer's pre-split — a word, a number of up to three digits, a run of
 * punctuation, a line break or an indentation is at least one token — and charges what the vocabulary tends to
 * split further: long words, long runs of punctuation, random-looking runs of letters and digits (hashes, base64),
 * and scripts the vocabulary covers thinly. Calibrated against o200k on English prose, Java, YAML, HTML, SQL,
 * JSON, numbers, hex, base64 and several scripts, it lands between about 1 % under and 18 % over the real count
 * (ADR 0047 lists the corpora and figures); budgets add their own margin on top.
 */
public final class TokenEstimate {

    /** Characters of a word the vocabulary covers with one token, beyond its first. */
    private static final int WORD = 8;
    /** Characters of a punctuation run per token. */
    private static final int PUNCTUATION = 3;
    /** Characters per token of a random-looking run of letters and digits (o200k: about 1.5 for base64). */
    private static final double RANDOM_RUN = 1.5;
    /** A run of letters and digits this long that switches between classes every few characters is random-looking. */
    private static final int RANDOM_MIN = 12;
    /** Characters of a word in a script other than Latin per token, beyond its first. */
    private static final int OTHER_SCRIPT_WORD = 4;
    /** Tokens per ideograph or syllable of Chinese, Japanese and Korean. */
    private static final double IDEOGRAPH = 0.7;

    private TokenEstimate() {
    }

    /** The estimated o200k tokens of {@code text}. */
    public static long of(String text) {
        double tokens = 0;
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (isAlnum(c)) {
                int end = alnumRunEnd(text, i);
                tokens += alnumRun(text, i, end);
                i = end;
            } else if (isSpace(c)) {
                int start = i++;
                boolean newline = c == '\n' || c == '\r';
                while (i < n && isSpace(text.charAt(i))) {
                    newline |= text.charAt(i) == '\n';
                    i++;
                }
                // one space joins the word or punctuation after it; not a number, and not a line break or indentation
                if (newline || i - start > 1 || i < n && isDigit(text.charAt(i))) {
                    tokens += 1;
                }
            } else if (c < 0x80) {
                int start = i++;
                while (i < n && text.charAt(i) < 0x80 && text.charAt(i) > ' ' && !isAlnum(text.charAt(i))) {
                    i++;
                }
                tokens += (i - start + PUNCTUATION - 1) / PUNCTUATION;
            } else if (c >= 0x2E80 && c < 0xD800 || c >= 0xF900 && c < 0xFB00) {
                i++;
                tokens += IDEOGRAPH;
            } else if (isOtherScriptLetter(c)) {
                int start = i++;
                while (i < n && (isOtherScriptLetter(text.charAt(i)) || isLetter(text.charAt(i)))) {
                    i++;
                }
                tokens += 1 + (i - start - 1) / OTHER_SCRIPT_WORD;
            } else {
                i++; // a symbol, or half of an emoji: about a token each
                tokens += 1;
            }
        }
        return (long) Math.ceil(tokens);
    }

    private static int alnumRunEnd(String text, int from) {
        int end = from;
        while (end < text.length() && isAlnum(text.charAt(end))) {
            end++;
        }
        return end;
    }

    /** Tokens of a run of ASCII letters and digits: random-looking, else split as the tokenizer pre-splits it. */
    private static double alnumRun(String text, int start, int end) {
        int length = end - start;
        if (length >= RANDOM_MIN && switches(text, start, end) * 4 > length) {
            return Math.ceil(length / RANDOM_RUN);
        }
        double tokens = 0;
        int i = start;
        while (i < end) {
            int from = i++;
            if (isDigit(text.charAt(from))) {
                while (i < end && isDigit(text.charAt(i))) {
                    i++;
                }
                tokens += (i - from + 2) / 3; // numbers are split into groups of up to three digits
                continue;
            }
            while (i < end && isLower(text.charAt(i))) {
                i++;
            }
            if (i - from == 1) { // an acronym: capitals up to the capital that starts the next word
                while (i < end && isUpper(text.charAt(i)) && !(i + 1 < end && isLower(text.charAt(i + 1)))) {
                    i++;
                }
            }
            tokens += 1 + (i - from - 1) / WORD;
        }
        return tokens;
    }

    /** Changes between lower case, upper case and digits, not counting a capital's start of a word. */
    private static int switches(String text, int start, int end) {
        int switches = 0;
        for (int i = start + 1; i < end; i++) {
            int before = kind(text.charAt(i - 1));
            int now = kind(text.charAt(i));
            if (before != now && !(before == 1 && now == 0)) {
                switches++;
            }
        }
        return switches;
    }

    private static int kind(char c) {
        return c <= '9' ? 2 : c <= 'Z' ? 1 : 0;
    }

    private static boolean isOtherScriptLetter(char c) {
        if (c < 0x80 || c >= 0x2E80 || Character.isSurrogate(c)) {
            return false;
        }
        int type = Character.getType(c);
        return Character.isLetter(c) || type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static boolean isAlnum(char c) {
        return isLetter(c) || isDigit(c);
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }
}
