package dev.aurelis.providers.translation;

import java.util.List;

import dev.aurelis.providers.SseEvent;
import dev.aurelis.providers.StreamTranslator;
import dev.aurelis.providers.Translation;
import tools.jackson.databind.node.ObjectNode;

/** Client and provider speak the same format: everything passes through untouched. */
final class IdentityTranslation implements Translation {

    static final IdentityTranslation INSTANCE = new IdentityTranslation();

    private static final StreamTranslator PASS_THROUGH = new StreamTranslator() {
        @Override
        public List<SseEvent> onEvent(SseEvent upstream) {
            return List.of(upstream);
        }

        @Override
        public List<SseEvent> finish() {
            return List.of();
        }
    };

    private IdentityTranslation() {
    }

    @Override
    public ObjectNode request(ObjectNode clientRequest) {
        return clientRequest;
    }

    @Override
    public ObjectNode response(ObjectNode providerResponse, ObjectNode clientRequest) {
        return providerResponse;
    }

    @Override
    public StreamTranslator stream(ObjectNode clientRequest) {
        return PASS_THROUGH;
    }
}
