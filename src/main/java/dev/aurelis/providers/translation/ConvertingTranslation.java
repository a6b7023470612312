package dev.aurelis.providers.translation;

import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import dev.aurelis.providers.StreamTranslator;
import dev.aurelis.providers.Translation;
import tools.jackson.databind.node.ObjectNode;

/** A translation assembled from one converter per direction: request out, response and stream back. */
final class ConvertingTranslation implements Translation {

    private final UnaryOperator<ObjectNode> requestConverter;
    private final BiFunction<ObjectNode, ObjectNode, ObjectNode> responseConverter;
    private final Function<ObjectNode, StreamTranslator> streamConverter;

    ConvertingTranslation(
            UnaryOperator<ObjectNode> requestConverter,
            BiFunction<ObjectNode, ObjectNode, ObjectNode> responseConverter,
            Function<ObjectNode, StreamTranslator> streamConverter) {
        this.requestConverter = requestConverter;
        this.responseConverter = responseConverter;
        this.streamConverter = streamConverter;
    }

    @Override
    public ObjectNode request(ObjectNode clientRequest) {
        return requestConverter.apply(clientRequest);
    }

    @Override
    public ObjectNode response(ObjectNode providerResponse, ObjectNode clientRequest) {
        return responseConverter.apply(providerResponse, clientRequest);
    }

    @Override
    public StreamTranslator stream(ObjectNode clientRequest) {
        return streamConverter.apply(clientRequest);
    }
}
