package dev.aurelis.workflows.execution;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a change into parts that each fit one model call: whole files together while they fit the token budget,
 * a file larger than the budget alone and cut at the budget (the cut is said in the text, so the model knows).
 */
final class DiffChunks {

    /** Tokens of diff per model call; the instructions and the answer come on top. */
    static final int TOKEN_BUDGET = 12_000;
    /** A conservative estimate for source code: about four characters to a token. */
    private static final int CHARS_PER_TOKEN = 4;

    private DiffChunks() {
    }

    static List<String> split(List<ChangedFile> files) {
        return split(files, TOKEN_BUDGET * CHARS_PER_TOKEN);
    }

    static List<String> split(List<ChangedFile> files, int maxChars) {
        List<String> chunks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (ChangedFile file : files) {
            String text = render(file);
            if (text.length() > maxChars) {
                text = text.substring(0, maxChars) + "\n[the rest of this file's diff is left out: over the size a "
                        + "single review call takes]\n";
            }
            if (current.length() > 0 && current.length() + text.length() > maxChars) {
                chunks.add(current.toString());
                current.setLength(0);
            }
            current.append(text);
        }
        if (current.length() > 0 || chunks.isEmpty()) {
            chunks.add(current.toString());
        }
        return chunks;
    }

    private static String render(ChangedFile file) {
        return "### File: " + file.path() + " (" + file.status() + ")\n" + file.numberedPatch() + "\n";
    }
}
