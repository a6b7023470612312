package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.wire.GatewayError;
import dev.aurelis.gateway.wire.Json;
import dev.aurelis.gateway.wire.RequestBodies;
import dev.aurelis.providers.Deployment;
import dev.aurelis.providers.Translation;
import dev.aurelis.providers.UpstreamAnswer;
import dev.aurelis.providers.UpstreamClient;
import dev.aurelis.providers.UpstreamFailure;
import dev.aurelis.providers.UpstreamOperation;
import dev.aurelis.providers.WireFormat;
import dev.aurelis.providers.translation.Translations;
import dev.aurelis.providers.translation.UnsupportedTranslationException;
import dev.aurelis.routing.DetectedTask;
import dev.aurelis.routing.TaskDetection;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One call to an attempt's deployment: the request in the provider's wire format, then its answer relayed to the
 * client (a complete one at once, a stream event by event) after the attempt's usage record is durable.
 */
@Component
class ProviderCall {

    private final UpstreamClient upstream;
    private final StreamRelay streams;
    private final Settlement settlement;
    private final dev.aurelis.gateway.GatewaySettings settings;
    private final ContentCapture content;

    ProviderCall(UpstreamClient upstream, StreamRelay streams, Settlement settlement,
            dev.aurelis.gateway.GatewaySettings settings, ContentCapture content) {
        this.content = content;
        this.settings = settings;
        this.upstream = upstream;
        this.streams = streams;
        this.settlement = settlement;
    }

    /** @return null once the client has its answer, else why it has none yet */
    FailedAttempt call(Exchange exchange, AttemptRun attempt, ExchangeRequest request, HttpServletResponse response)
            throws IOException {
        WireFormat clientFormat = exchange.arrival().format();
        Deployment deployment = attempt.deployment();
        WireFormat providerFormat = providerFormatFor(clientFormat, deployment);
        Translation translation;
        try {
            translation = Translations.between(clientFormat, providerFormat);
        } catch (UnsupportedTranslationException e) {
            throw GatewayError.invalid("The model '" + deployment.model() + "' is served by a provider that speaks "
                    + describe(providerFormat) + ", which cannot serve " + describe(clientFormat) + " requests.", "model");
        }
        boolean identity = clientFormat == providerFormat;
        attempt.sending(request);
        byte[] upstreamBody = upstreamBody(exchange, deployment, request, translation, providerFormat, identity);
        attempt.sentUpstream(upstreamBody, providerFormat); // what the prompt's figures keep once the answer starts

        UpstreamOperation operation = UpstreamOperation.serving(clientFormat, providerFormat);
        URI uri = upstream.endpoint(deployment.provider(), operation, deployment.providerModelId(), exchange.arrival().query());
        exchange.prepared();
        UpstreamAnswer answer;
        try {
            // a stream's headers come at once from a healthy provider; a whole answer's only when it is complete
            answer = upstream.send(deployment.provider(), uri, exchange.trace().headersFor(exchange.arrival().headers()),
                    upstreamBody,
                    request.streamed() ? settings.firstByteTimeout(deployment.provider().timeout())
                            : deployment.provider().timeout());
        } catch (UpstreamFailure failure) {
            return FailedAttempt.of(failure);
        } finally {
            // this frame lasts as long as the answer streams, and a frame not yet compiled keeps every local alive
            upstreamBody = null;
        }
        if (answer.statusCode() >= 400) {
            return FailedAttempt.answered(answer, identity);
        }
        // The provider took the request and answers it: the client's bytes need not stay for the answer's length.
        request.releaseClientBytes();
        if (request.streamed() && isEventStream(answer)) {
            boolean stripUsage = identity && !request.clientWantsUsage()
                    && (providerFormat == WireFormat.OPENAI_CHAT || providerFormat == WireFormat.OPENAI_COMPLETIONS);
            StreamRelay.Upstream stream = new StreamRelay.Upstream(answer.body(), providerFormat,
                    translation.stream(request.body()), identity, stripUsage);
            return streams.relay(exchange, attempt, stream, new ClientStream(response, exchange.attempts()::route));
        }
        return complete(exchange, attempt, request, translation, providerFormat, identity, answer, response);
    }

    /**
     * The bytes to send: the client's own when nothing changes, else the request translated, with the provider's
     * model id, without our task metadata, and asking for streamed usage where the provider only sends it on request.
     */
    private static byte[] upstreamBody(Exchange exchange, Deployment deployment, ExchangeRequest request,
            Translation translation, WireFormat providerFormat, boolean identity) {
        boolean needsUsage = request.streamed() && (providerFormat == WireFormat.OPENAI_CHAT
                || providerFormat == WireFormat.OPENAI_COMPLETIONS);
        boolean sameModelId = deployment.providerModelId().equals(request.model());
        boolean taskInMetadata = exchange.task().source() == DetectedTask.Source.METADATA;
        if (identity && sameModelId && !taskInMetadata && (!needsUsage || request.clientWantsUsage())) {
            return request.raw();
        }
        ObjectNode body = request.body();
        // Translations build a new tree and copy what they take from the request; the same format changes only
        // top-level fields here, so it takes a copy of those, and of the two objects changed below.
        ObjectNode outgoing = identity ? Json.topLevelCopy(body) : translation.request(body);
        outgoing.put("model", deployment.providerModelId());
        if (taskInMetadata && outgoing.get("metadata") instanceof ObjectNode metadata) {
            ObjectNode copy = Json.topLevelCopy(metadata);
            copy.remove(TaskDetection.METADATA_KEY); // ours; Anthropic refuses unknown metadata keys
            outgoing.set("metadata", copy);
        }
        if (needsUsage) {
            JsonNode options = outgoing.get("stream_options");
            ObjectNode streamOptions = options instanceof ObjectNode o ? Json.topLevelCopy(o) : outgoing.objectNode();
            streamOptions.put("include_usage", true);
            outgoing.set("stream_options", streamOptions);
        }
        return Json.bytes(outgoing);
    }

    private FailedAttempt complete(Exchange exchange, AttemptRun attempt, ExchangeRequest request,
            Translation translation, WireFormat providerFormat, boolean identity, UpstreamAnswer answer,
            HttpServletResponse response) throws IOException {
        String provider = attempt.deployment().provider().name();
        byte[] raw;
        try (InputStream in = answer.body()) {
            raw = RequestBodies.ofLength(in, declaredLength(answer));
        } catch (IOException e) {
            return FailedAttempt.of(new UpstreamFailure(UpstreamFailure.Kind.INTERRUPTED_STREAM, provider,
                    "Provider '" + provider + "' closed the connection before the answer was complete", e));
        }
        ObjectNode upstreamJson;
        try {
            upstreamJson = Json.readObject(raw);
        } catch (GatewayError e) {
            return FailedAttempt.badResponse(new GatewayError(GatewayError.Kind.UPSTREAM, "Provider '"
                    + provider + "' answered with a body that is not a JSON object."));
        }
        attempt.answered();
        attempt.usage().fromResponse(providerFormat, upstreamJson);
        attempt.output().fromResponse(providerFormat, upstreamJson);
        exchange.attempts().succeeded(attempt.sinceStart());
        byte[] out = identity ? raw : Json.bytes(translation.response(upstreamJson, request.body()));
        if (exchange.answerScreen() != null) {
            out = new AnswerScreening(exchange.answerScreen(), exchange.arrival().format()).complete(out);
        }
        settlement.beforeAnswer(exchange, 200, null);
        response.setStatus(200);
        response.setHeader(Exchanges.ROUTE_HEADER, exchange.attempts().route());
        response.setContentType("application/json");
        response.setContentLength(out.length);
        content.answered(exchange, attempt, out); // before the client can read the answer and act on it
        response.getOutputStream().write(out);
        return null;
    }

    /** The provider's {@code content-length}; -1 when it sent none (a chunked answer) or one that is not a number. */
    private static long declaredLength(UpstreamAnswer answer) {
        try {
            return answer.header("content-length").map(Long::parseLong).filter(n -> n >= 0).orElse(-1L);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The format to speak upstream: the provider's, or the Responses API where an OpenAI provider offers it. */
    private static WireFormat providerFormatFor(WireFormat client, Deployment deployment) {
        WireFormat provider = deployment.wireFormat();
        if (provider == WireFormat.ANTHROPIC_MESSAGES) {
            return provider;
        }
        return switch (client) {
            case OPENAI_RESPONSES -> deployment.provider().supportsResponses() ? WireFormat.OPENAI_RESPONSES : WireFormat.OPENAI_CHAT;
            case OPENAI_COMPLETIONS, OPENAI_EMBEDDINGS -> client;
            default -> WireFormat.OPENAI_CHAT;
        };
    }

    private static String describe(WireFormat format) {
        return switch (format) {
            case ANTHROPIC_MESSAGES -> "the Anthropic Messages API";
            case OPENAI_CHAT -> "the OpenAI Chat Completions API";
            case OPENAI_RESPONSES -> "the OpenAI Responses API";
            case OPENAI_COMPLETIONS -> "the OpenAI legacy Completions API";
            case OPENAI_EMBEDDINGS -> "the OpenAI Embeddings API";
        };
    }

    private static boolean isEventStream(UpstreamAnswer answer) {
        return answer.header("content-type").map(v -> v.startsWith("text/event-stream")).orElse(false);
    }
}
