package dev.aurelis.providers.translation;

import java.util.ArrayList;
import java.util.List;

import dev.aurelis.providers.SseEvent;
import dev.aurelis.providers.StreamTranslator;
import dev.aurelis.providers.Translation;
import tools.jackson.databind.node.ObjectNode;

/**
 * Two translations through a middle format: the client speaks to {@code outer}'s client side, {@code outer}'s
 * provider side is {@code inner}'s client side. Used for Responses clients of Anthropic providers, through
 * chat, so that each pair of formats is mapped in one place only.
 */
final class ChainedTranslation implements Translation {

    private final Translation outer;
    private final Translation inner;

    ChainedTranslation(Translation outer, Translation inner) {
        this.outer = outer;
        this.inner = inner;
    }

    @Override
    public ObjectNode request(ObjectNode clientRequest) {
        return inner.request(outer.request(clientRequest));
    }

    @Override
    public ObjectNode response(ObjectNode providerResponse, ObjectNode clientRequest) {
        ObjectNode middleRequest = outer.request(clientRequest);
        return outer.response(inner.response(providerResponse, middleRequest), clientRequest);
    }

    @Override
    public StreamTranslator stream(ObjectNode clientRequest) {
        ObjectNode middleRequest = outer.request(clientRequest);
        // The outer translator needs usage in the middle stream to complete its own final event.
        middleRequest.withObject("stream_options").put("include_usage", true);
        StreamTranslator first = inner.stream(middleRequest);
        StreamTranslator second = outer.stream(clientRequest);
        return new StreamTranslator() {
            @Override
            public List<SseEvent> onEvent(SseEvent upstream) {
                return through(first.onEvent(upstream));
            }

            @Override
            public List<SseEvent> finish() {
                List<SseEvent> out = through(first.finish());
                out.addAll(second.finish());
                return out;
            }

            private List<SseEvent> through(List<SseEvent> middle) {
                List<SseEvent> out = new ArrayList<>();
                middle.forEach(event -> out.addAll(second.onEvent(event)));
                return out;
            }
        };
    }
}
