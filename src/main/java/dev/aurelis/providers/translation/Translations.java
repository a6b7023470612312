package dev.aurelis.providers.translation;

import dev.aurelis.providers.SseEvent;
import dev.aurelis.providers.StreamTranslator;
import dev.aurelis.providers.Translation;
import dev.aurelis.providers.WireFormat;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Interim: identity only, replaced by the full translations. */
public final class Translations {
    private Translations() {
    }

    public static Translation between(WireFormat client, WireFormat provider) {
        if (client != provider) {
            throw new UnsupportedTranslationException(client, provider);
        }
        return new Translation() {
            public ObjectNode request(ObjectNode r) { return r; }
            public ObjectNode response(ObjectNode r, ObjectNode c) { return r; }
            public StreamTranslator stream(ObjectNode c) {
                return new StreamTranslator() {
                    public List<SseEvent> onEvent(SseEvent e) { return List.of(e); }
                    public List<SseEvent> finish() { return List.of(); }
                };
            }
        };
    }
}
