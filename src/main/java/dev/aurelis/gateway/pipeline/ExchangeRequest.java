package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.wire.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request that passed validation: its parsed body, the bytes to forward while nothing in it changes, and the
 * top-level fields the pipeline steers by.
 *
 * <p>Only the client's own bytes are ever held (ADR 0077): a rewritten body is serialised when an attempt sends it,
 * not when a step rewrites it (the privacy step, request defaults and a hard budget's cap may each rewrite, and most
 * of those bodies are never sent as they are). Every request rewritten from this one shares the client's bytes, so
 * {@link #releaseClientBytes()} on any of them lets the bytes go for all: an open stream then holds the tree only.
 */
final class ExchangeRequest {

    private final ObjectNode body;
    private final String model;
    private final boolean streamed;
    private final ClientBytes client;
    private final boolean rewritten;

    /**
     * @param raw   exactly what the client sent
     * @param model the model the client asked for (a served model, an alias or the auto model)
     */
    ExchangeRequest(ObjectNode body, byte[] raw, String model, boolean streamed) {
        this(body, new ClientBytes(raw), false, model, streamed);
    }

    private ExchangeRequest(ObjectNode body, ClientBytes client, boolean rewritten, String model, boolean streamed) {
        this.body = body;
        this.client = client;
        this.rewritten = rewritten;
        this.model = model;
        this.streamed = streamed;
    }

    ObjectNode body() {
        return body;
    }

    String model() {
        return model;
    }

    boolean streamed() {
        return streamed;
    }

    /**
     * The bytes to forward: exactly what the client sent while nothing changed it (and its bytes are still held),
     * else the body serialised now. Not kept: an attempt asks once.
     */
    byte[] raw() {
        byte[] own = rewritten ? null : client.bytes;
        return own != null ? own : Json.bytes(body);
    }

    /**
     * The upstream request is written: the client's bytes are not needed any more (a later attempt, if any, sends
     * the parsed body serialised again, the same JSON).
     */
    void releaseClientBytes() {
        client.bytes = null;
    }

    /** Whether the client's bytes are still held (for tests of what an open stream keeps). */
    boolean holdsClientBytes() {
        return client.bytes != null;
    }

    /** Whether a streaming chat client asked for the final usage chunk itself. */
    boolean clientWantsUsage() {
        return body.path("stream_options").path("include_usage").asBoolean(false);
    }

    /** The same request with a body a step rewrote; from now on the rewritten body is what is forwarded. */
    ExchangeRequest rewritten(ObjectNode rewrittenBody) {
        return new ExchangeRequest(rewrittenBody, client, true, model, streamed);
    }

    /** The client's bytes, one box for a request and every rewrite of it, emptied once they are not needed. */
    private static final class ClientBytes {
        private byte[] bytes;

        ClientBytes(byte[] bytes) {
            this.bytes = bytes;
        }
    }
}
