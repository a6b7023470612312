package dev.aurelis.workflows.execution;

import java.util.ArrayList;
import java.util.List;

/** Splits the output of {@code git diff} into its files, each with its hunks as the GitHub files API shows them. */
public final class UnifiedDiff {

    private UnifiedDiff() {
    }

    public static List<ChangedFile> parse(String diff) {
        List<ChangedFile> files = new ArrayList<>();
        String path = null;
        String status = "modified";
        StringBuilder patch = null;
        for (String line : diff.replace("\r\n", "\n").split("\n", -1)) {
            if (line.startsWith("diff --git ")) {
                add(files, path, status, patch);
                path = pathOf(line);
                status = "modified";
                patch = null;
            } else if (patch == null && line.startsWith("new file mode")) {
                status = "added";
            } else if (patch == null && line.startsWith("deleted file mode")) {
                status = "removed";
            } else if (patch == null && line.startsWith("+++ ")) {
                String target = line.substring(4).strip();
                if (!target.equals("/dev/null")) {
                    path = target.startsWith("b/") ? target.substring(2) : target;
                }
            } else if (line.startsWith("@@")) {
                if (patch == null) {
                    patch = new StringBuilder();
                } else {
                    patch.append('\n');
                }
                patch.append(line);
            } else if (patch != null && (line.startsWith("+") || line.startsWith("-") || line.startsWith(" ")
                    || line.startsWith("\\"))) {
                patch.append('\n').append(line);
            }
        }
        add(files, path, status, patch);
        return files;
    }

    private static void add(List<ChangedFile> files, String path, String status, StringBuilder patch) {
        if (path != null) {
            files.add(new ChangedFile(path, status, patch == null ? null : patch.toString()));
        }
    }

    private static String pathOf(String header) {
        int b = header.lastIndexOf(" b/");
        return b < 0 ? header.substring("diff --git ".length()).strip() : header.substring(b + 3).strip();
    }
}
