package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.wire.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request that passed validation: its parsed body, the bytes to forward while nothing in it changes, and the
 * top-level fields the pipeline steers by.
 *
 * <p>Only the client's own bytes are ever held (ADR 0077): a rewritten body is serialised when an attempt sends it,
 * not when a step rewrites it (the privacy step, request defaults and a hard budget's cap may each rewrite, and most
 * of those bodies are never sent as they are). Every request rewritten from this one shares the client's bytes, so
 * {@link #releaseClientBytes()} on any of them lets the bytes go for all, and {@link #releaseBodies()} the parsed
 * bodies of all (ADR 0083): once an answer has started no other attempt can be made, and an open stream holds neither.
 */
final class ExchangeRequest {

    private ObjectNode body;
    private final String model;
    private final boolean streamed;
    private final Lineage lineage;
    private final boolean rewritten;

    /**
     * @param raw   exactly what the client sent
     * @param model the model the client asked for (a served model, an alias or the auto model)
     */
    ExchangeRequest(ObjectNode body, byte[] raw, String model, boolean streamed) {
        this(body, new Lineage(raw), false, model, streamed);
    }

    private ExchangeRequest(ObjectNode body, Lineage lineage, boolean rewritten, String model, boolean streamed) {
        this.body = body;
        this.lineage = lineage;
        this.rewritten = rewritten;
        this.model = model;
        this.streamed = streamed;
        lineage.members.add(this);
    }

    /** @throws IllegalStateException once the bodies were released: nothing may read a request after its answer started */
    ObjectNode body() {
        ObjectNode held = body;
        if (held == null) {
            throw new IllegalStateException("The request's body was released when its answer started");
        }
        return held;
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
        byte[] own = rewritten ? null : lineage.bytes;
        return own != null ? own : Json.bytes(body);
    }

    /**
     * The upstream request is written: the client's bytes are not needed any more (a later attempt, if any, sends
     * the parsed body serialised again, the same JSON).
     */
    void releaseClientBytes() {
        lineage.bytes = null;
    }

    /** Whether the client's bytes are still held (for tests of what an open stream keeps). */
    boolean holdsClientBytes() {
        return lineage.bytes != null;
    }

    /**
     * The answer started: no other attempt will be made, so this request and every one rewritten from it (or it from)
     * let their parsed bodies go, and the client's bytes; {@link #body()} refuses from now on.
     */
    void releaseBodies() {
        lineage.bytes = null;
        for (ExchangeRequest member : lineage.members) {
            member.body = null;
        }
    }

    /** Whether the parsed body is still held (for tests of what an open stream keeps). */
    boolean holdsBody() {
        return body != null;
    }

    /** Whether a streaming chat client asked for the final usage chunk itself. */
    boolean clientWantsUsage() {
        return body.path("stream_options").path("include_usage").asBoolean(false);
    }

    /** The same request with a body a step rewrote; from now on the rewritten body is what is forwarded. */
    ExchangeRequest rewritten(ObjectNode rewrittenBody) {
        return new ExchangeRequest(rewrittenBody, lineage, true, model, streamed);
    }

    /**
     * A request and every rewrite of it (a handful: variant, workspace, the privacy step's copies, request defaults, a
     * budget's cap), with the client's bytes they share; each emptied once not needed. Only the exchange's thread
     * makes and releases them.
     */
    private static final class Lineage {
        private byte[] bytes;
        private final List<ExchangeRequest> members = new ArrayList<>(4);

        Lineage(byte[] bytes) {
            this.bytes = bytes;
        }
    }
}
