package dev.aurelis.privacy.detection;

/**
 * Confirms a candidate found by the automaton: given where a keyword of the rule matched, returns the end of the
 * match (exclusive) and where it starts via {@link Span}, or null when the candidate is not the real thing. Every
 * check reads a bounded stretch of text around the keyword.
 */
@FunctionalInterface
interface Check {

    /** @return the matched span, or null */
    Span confirm(CharSequence text, int keywordStart, int keywordEnd);

    record Span(int start, int end) {
    }
}
