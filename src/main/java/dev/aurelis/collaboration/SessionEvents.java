package dev.aurelis.collaboration;

import java.util.LinkedHashMap;
import java.util.Map;

/** A session event as clients receive it, over the socket and from {@code GET .../events}: only its type's fields. */
public final class SessionEvents {

    private SessionEvents() {
    }

    public static Map<String, Object> wire(SessionEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", event.type());
        m.put("sequence", event.sequence());
        m.put("actor", event.actor());
        if (event.filePath() != null) {
            m.put("file_path", event.filePath());
            m.put("version", event.version());
        }
        if (event.prompt() != null) {
            m.put("prompt", event.prompt());
        }
        if (event.content() != null) {
            m.put("content", event.content());
        }
        m.put("at", event.at().toString());
        return m;
    }
}
