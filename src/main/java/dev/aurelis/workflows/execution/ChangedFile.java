package dev.aurelis.workflows.execution;

import java.util.BitSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One file of a change: its path, what happened to it and its patch (unified diff hunks, as GitHub's pull request
 * files API and GitLab's diffs give them; null for a binary file or one too large to show).
 */
public record ChangedFile(String path, String status, String patch) {

    private static final Pattern HUNK = Pattern.compile("^@@ -\\d+(?:,\\d+)? \\+(\\d+)(?:,\\d+)? @@");

    /** The patch with each line prefixed by its line number in the new file ({@code    .} for removed lines). */
    public String numberedPatch() {
        if (patch == null) {
            return "(no textual diff)";
        }
        StringBuilder out = new StringBuilder(patch.length() + patch.length() / 8);
        int line = 0;
        for (String text : patch.split("\n", -1)) {
            Matcher hunk = HUNK.matcher(text);
            if (hunk.find()) {
                line = Integer.parseInt(hunk.group(1));
                out.append(text).append('\n');
            } else if (text.startsWith("-")) {
                out.append("     . ").append(text).append('\n');
            } else if (text.startsWith("\\")) {
                out.append(text).append('\n');
            } else {
                out.append(String.format("%6d ", line)).append(text).append('\n');
                line++;
            }
        }
        return out.toString();
    }

    /** The lines of the new file a review comment may be placed on: those the patch shows (added or context). */
    public BitSet commentableLines() {
        BitSet lines = new BitSet();
        if (patch == null) {
            return lines;
        }
        int line = 0;
        for (String text : patch.split("\n", -1)) {
            Matcher hunk = HUNK.matcher(text);
            if (hunk.find()) {
                line = Integer.parseInt(hunk.group(1));
            } else if (!text.startsWith("-") && !text.startsWith("\\") && line > 0) {
                lines.set(line);
                line++;
            }
        }
        return lines;
    }

    /** How many lines the patch adds and removes. */
    public int changedLines() {
        if (patch == null) {
            return 0;
        }
        int changed = 0;
        for (String text : patch.split("\n", -1)) {
            if ((text.startsWith("+") || text.startsWith("-")) && !HUNK.matcher(text).find()) {
                changed++;
            }
        }
        return changed;
    }

    /** The lines the change adds. */
    public BitSet addedLines() {
        BitSet lines = new BitSet();
        if (patch == null) {
            return lines;
        }
        int line = 0;
        for (String text : patch.split("\n", -1)) {
            Matcher hunk = HUNK.matcher(text);
            if (hunk.find()) {
                line = Integer.parseInt(hunk.group(1));
            } else if (text.startsWith("+")) {
                lines.set(line);
                line++;
            } else if (!text.startsWith("-") && !text.startsWith("\\") && line > 0) {
                line++;
            }
        }
        return lines;
    }
}
