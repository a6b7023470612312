package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.wire.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request that passed validation: its parsed body, the bytes to forward while nothing in it changes, and the
 * top-level fields the pipeline steers by.
 *
 * @param raw   exactly what the client sent, or the body re-serialised after a step changed it
 * @param model the model the client asked for (a served model, an alias or the auto model)
 */
record ExchangeRequest(ObjectNode body, byte[] raw, String model, boolean streamed) {

    /** Whether a streaming chat client asked for the final usage chunk itself. */
    boolean clientWantsUsage() {
        return body.path("stream_options").path("include_usage").asBoolean(false);
    }

    /** The same request with a body a step rewrote; from now on the rewritten body is what is forwarded. */
    ExchangeRequest rewritten(ObjectNode rewrittenBody) {
        return new ExchangeRequest(rewrittenBody, Json.bytes(rewrittenBody), model, streamed);
    }
}
