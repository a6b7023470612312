package dev.aurelis.privacy.detection;

import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Building blocks of the checks: a bounded anchored regex, word boundaries, entropy, placeholders. */
final class Checks {

    private Checks() {
    }

    /**
     * Matches {@code pattern} anchored where the keyword starts, reading at most {@code maxLength} characters; the
     * span is group 1 when the pattern has one (the secret within its context), else the whole match.
     */
    static Check anchored(Pattern pattern, int maxLength, Predicate<String> accept) {
        return (text, keywordStart, keywordEnd) -> {
            if (keywordStart > 0 && isWordChar(text.charAt(keywordStart - 1))) {
                return null;
            }
            Matcher m = pattern.matcher(text);
            m.region(keywordStart, Math.min(text.length(), keywordStart + maxLength));
            m.useTransparentBounds(true);
            m.useAnchoringBounds(false);
            if (!m.lookingAt()) {
                return null;
            }
            int group = m.groupCount() >= 1 && m.start(1) >= 0 ? 1 : 0;
            String found = m.group(group);
            return accept.test(found) ? new Check.Span(m.start(group), m.end(group)) : null;
        };
    }

    static boolean isWordChar(char c) {
        return c < 128 ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                : Character.isLetterOrDigit(c);
    }

    static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Shannon entropy in bits per character. */
    static double entropy(CharSequence s) {
        if (s.isEmpty()) {
            return 0;
        }
        int[] counts = new int[128];
        int other = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                other++;
            }
        }
        double bits = 0;
        double n = s.length();
        for (int count : counts) {
            if (count > 0) {
                double p = count / n;
                bits -= p * (Math.log(p) / Math.log(2));
            }
        }
        if (other > 0) {
            double p = other / n;
            bits -= p * (Math.log(p) / Math.log(2));
        }
        return bits;
    }

    /** How many of lower case, upper case, digits and symbols the value mixes. */
    static int characterClasses(CharSequence s) {
        boolean lower = false, upper = false, digit = false, symbol = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else {
                symbol = true;
            }
        }
        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0);
    }

    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(?i).*(example|sample|placeholder|changeme|change_me|your[_-]|<.*>|\\$\\{|\\{\\{|%\\(|redacted|dummy|"
                    + "fake|xxxx|\\*\\*\\*|\\.\\.\\.|todo|replace|insert|secret_here|password_here|not[_-]?set|"
                    + "process\\.env|getenv|os\\.environ|env\\[|\\[secret:|\\[pii:).*");

    /** Values that stand for a secret rather than being one: documentation examples, templates, references. */
    static boolean isPlaceholder(String value) {
        return PLACEHOLDER.matcher(value).matches();
    }

    /** The value consists of one character repeated, or is a run like 12345678 / abcdefgh. */
    static boolean isTrivial(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        boolean same = true, ascending = true;
        for (int i = 1; i < v.length(); i++) {
            same &= v.charAt(i) == v.charAt(0);
            ascending &= v.charAt(i) == v.charAt(i - 1) + 1;
        }
        return same || ascending;
    }
}
