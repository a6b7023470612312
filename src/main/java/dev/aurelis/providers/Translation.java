package dev.aurelis.providers;

import tools.jackson.databind.node.ObjectNode;

/**
 * Translation of one exchange from the client's wire format to the provider's and back. Fields the
 * translation does not understand are carried over where the target format has a place for them.
 */
public interface Translation {

    /** The request in the provider's format (the model name is rewritten later by the caller). */
    ObjectNode request(ObjectNode clientRequest);

    /** A complete (non-streamed) provider response in the client's format. */
    ObjectNode response(ObjectNode providerResponse, ObjectNode clientRequest);

    /** A translator for one streamed response to {@code clientRequest}. */
    StreamTranslator stream(ObjectNode clientRequest);
}
