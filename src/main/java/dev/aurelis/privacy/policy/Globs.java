package dev.aurelis.privacy.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Globs as in ignore files ({@code **} any depth, {@code *} within a name), and the paths a text mentions. */
public final class Globs {

    private static final int PATH_LIMIT = 1024;

    private Globs() {
    }

    /** A path glob that matches at any depth unless it starts with {@code /}. */
    public static Pattern path(String glob) {
        String g = glob.strip();
        boolean rooted = g.startsWith("/");
        if (rooted) {
            g = g.substring(1);
        }
        if (g.endsWith("/")) {
            g = g + "**";
        }
        return Pattern.compile((rooted ? "" : "(?:.*/)?") + translate(g));
    }

    /** A repository glob ({@code acme/*}), matched whole and case-insensitively. */
    public static Pattern repository(String glob) {
        return Pattern.compile(translate(glob.strip()), Pattern.CASE_INSENSITIVE);
    }

    private static String translate(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                i++;
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                    i++;
                    regex.append("(?:.*/)?"); // **/ : any directories, or none
                } else {
                    regex.append(".*");
                }
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    /**
     * The file paths a text mentions: runs of path characters with a {@code /} in them or a file extension, without
     * a leading {@code ./}, a URL scheme or trailing punctuation.
     */
    public static List<String> pathsIn(CharSequence text) {
        List<String> paths = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!isPathChar(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && isPathChar(text.charAt(i)) && i - start < PATH_LIMIT) {
                i++;
            }
            String token = text.subSequence(start, i).toString();
            if (i < n && text.charAt(i) == ':' && i + 2 < n && text.charAt(i + 1) == '/' && text.charAt(i + 2) == '/') {
                continue; // a URL's scheme
            }
            while (token.endsWith(".") || token.endsWith("/")) {
                token = token.substring(0, token.length() - 1);
            }
            while (token.startsWith("./")) {
                token = token.substring(2);
            }
            if (token.indexOf('/') >= 0 || token.lastIndexOf('.') > 0) {
                paths.add(token);
            }
        }
        return paths;
    }

    private static boolean isPathChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                || c == '/' || c == '-' || c == '~' || c == '@' || c == '+';
    }
}
