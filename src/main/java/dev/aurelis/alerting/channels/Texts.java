package dev.aurelis.alerting.channels;

import dev.aurelis.alerting.Notice;

/** Small text helpers shared by the renderers. */
final class Texts {

    private Texts() {
    }

    /** At most {@code max} characters, with an ellipsis when cut. */
    static String cut(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** The title as people should read it: resolved and acknowledged notices say so first. */
    static String headline(Notice notice) {
        return switch (notice.kind()) {
            case RESOLVED -> "Resolved: " + notice.title();
            case ACKNOWLEDGED -> "Acknowledged: " + notice.title();
            case FIRING -> "[" + notice.severity().toUpperCase(java.util.Locale.ROOT) + "] " + notice.title();
            case MESSAGE -> notice.title();
        };
    }

    static String html(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Slack's mrkdwn escapes only these three. */
    static String slack(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
