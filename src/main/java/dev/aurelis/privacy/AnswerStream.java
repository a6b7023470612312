package dev.aurelis.privacy;

/**
 * The text of a streamed answer, piece by piece, screened with a bounded look-back: the tail of what arrived that
 * could still be the start of a secret or of a placeholder (everything after the last white space, at most
 * {@link #WINDOW} characters) is held back until the next piece shows how it ends, so a secret split across two
 * chunks is still found whole. Nothing beyond the window is ever buffered.
 */
public final class AnswerStream {

    /** The most text held back at a time. */
    public static final int WINDOW = 512;

    private final ExchangeScreen screen;
    private final StringBuilder held = new StringBuilder();

    AnswerStream(ExchangeScreen screen) {
        this.screen = screen;
    }

    /** @return the text that may go to the client now (possibly empty), screened */
    public String push(String piece) {
        held.append(piece);
        int cut = safeEnd();
        if (cut == 0) {
            return "";
        }
        String ready = held.substring(0, cut);
        held.delete(0, cut);
        return screen.screenAnswer(ready);
    }

    /** @return whatever is still held, screened; the stream's text ends here */
    public String flush() {
        String rest = held.toString();
        held.setLength(0);
        return rest.isEmpty() ? rest : screen.screenAnswer(rest);
    }

    /** Whether text is held back. */
    public boolean holding() {
        return !held.isEmpty();
    }

    /** Up to the last white space, but holding back no more than the window. */
    private int safeEnd() {
        int n = held.length();
        int cut = n;
        while (cut > 0 && !Character.isWhitespace(held.charAt(cut - 1))) {
            cut--;
        }
        return Math.max(cut, n - WINDOW);
    }
}
