package dev.aurelis.privacy.detection;

/**
 * One finding: which rule matched where. The text itself is not kept here, so a finding can be logged, counted or
 * sent in an event without the secret.
 *
 * @param start first char of the match
 * @param end   one past the last char
 */
public record Detection(Rule rule, int start, int end) {

    public int length() {
        return end - start;
    }

    boolean overlaps(Detection other) {
        return start < other.end && other.start < end;
    }
}
