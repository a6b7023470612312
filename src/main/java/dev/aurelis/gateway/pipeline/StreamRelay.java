package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.pipeline.ClientStream.ClientGone;
import dev.aurelis.gateway.wire.ErrorBodies;
import dev.aurelis.gateway.wire.GatewayError;
import dev.aurelis.gateway.wire.Json;
import dev.aurelis.gateway.wire.Redaction;
import dev.aurelis.providers.SseEvent;
import dev.aurelis.providers.SseReader;
import dev.aurelis.providers.StreamTranslator;
import dev.aurelis.providers.UpstreamFailure;
import dev.aurelis.providers.WireFormat;
import dev.aurelis.routing.AttemptFailure;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Relays a provider's stream to the client event by event. Its opening events are held back until the first token
 * (see {@link StreamPrelude}): a failure before it leaves the client with nothing, so another attempt may serve it;
 * a failure after it ends the stream with an error event in the client's format. The final event is released only
 * once the attempt's usage record is durable.
 */
@Component
class StreamRelay {

    private static final Logger log = LoggerFactory.getLogger(StreamRelay.class);
    /** Longest a stream's opening events are held back waiting for the first token before they are sent anyway. */
    private static final long PRELUDE_HOLD_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final StreamWatchdog watchdog;
    private final Settlement settlement;
    private final Duration drainWindow;
    private final dev.aurelis.gateway.GatewaySettings settings;
    private final ContentCapture content;

    /**
     * @param drainWindow how long, after a client hung up, the provider's stream is still read for its usage report
     *                    (zero: stop at once and charge the estimate)
     */
    StreamRelay(StreamWatchdog watchdog, Settlement settlement,
            @Value("${aurelis.gateway.abandoned-stream-drain:5s}") Duration drainWindow,
            dev.aurelis.gateway.GatewaySettings settings, ContentCapture content) {
        this.settings = settings;
        this.content = content;
        this.watchdog = watchdog;
        this.settlement = settlement;
        this.drainWindow = drainWindow;
    }

    /** One upstream stream of an attempt and how to turn it into the client's. */
    record Upstream(InputStream body, WireFormat format, StreamTranslator translator, boolean identity,
            boolean stripUsage) {
    }

    /** @return null once the client has its answer (or is gone), else why it has none yet */
    FailedAttempt relay(Exchange exchange, AttemptRun attempt, Upstream upstream, ClientStream client)
            throws IOException {
        WireFormat clientFormat = exchange.arrival().format();
        attempt.streaming();
        SseReader reader = new SseReader(upstream.body());
        java.time.Duration timeout = attempt.deployment().provider().timeout();
        StreamWatchdog.Watch watch = watchdog.watch(upstream.body(), timeout, settings.firstByteTimeout(timeout));
        watch.keepAlive(client);
        try (reader; watch) {
            try {
                relayEvents(exchange, attempt, upstream, client, reader, watch);
            } catch (ClientGone gone) {
                // The client hung up: read on (bounded) for the provider's usage report, while the stream is open.
                attempt.cutShort("client_closed");
                drain(reader, watch, attempt, upstream);
                throw gone;
            }
        } catch (UpstreamFailure failure) {
            if (client.finished()) {
                // the answer was complete; what the provider did after its last event changes nothing
                exchange.attempts().succeeded(attempt.timeToFirstEvent());
            } else if (!client.started()) {
                attempt.cutShort(cutShortReason(failure));
                return FailedAttempt.brokenStream(failure);
            } else {
                attempt.cutShort(cutShortReason(failure));
                exchange.attempts().failedAfterAnswerStarted(AttemptFailure.of(failure));
                GatewayError error = ErrorMapping.of(failure);
                settlement.beforeAnswer(exchange, error.status(), ErrorMapping.streamErrorType(failure.kind()));
                endWithError(clientFormat, error, client);
            }
        } catch (ClientGone gone) {
            // Done reading upstream (closing the body aborts it): charge what was used.
            settlement.beforeAnswer(exchange, 499, "client_closed");
        } catch (GatewayError error) {
            throw error;
        } catch (RuntimeException unexpected) {
            // A defect must still end the stream properly and leave the attempt in the ledger (once).
            if (!client.started()) {
                throw unexpected; // nothing sent yet: answered as a plain error in the client's format
            }
            log.error("Exchange {} failed while streaming", exchange.requestId(), unexpected);
            if (!client.finished()) {
                settlement.beforeAnswer(exchange, 500, "internal_error");
                endWithError(clientFormat, new GatewayError(GatewayError.Kind.INTERNAL,
                        "Aurelis failed while relaying the answer (request " + exchange.requestId() + ")."), client);
            }
        }
        return null;
    }

    /** Reads the provider's events and writes the client's until the stream ends; throws as the stream fails. */
    private void relayEvents(Exchange exchange, AttemptRun attempt, Upstream upstream, ClientStream client,
            SseReader reader, StreamWatchdog.Watch watch) {
        String provider = attempt.deployment().provider().name();
        AnswerScreening screening = exchange.answerScreen() == null ? null
                : new AnswerScreening(exchange.answerScreen(), exchange.arrival().format());
        SseEvent event;
        while ((event = next(reader, watch, attempt, settings)) != null) {
            watch.progress();
            Optional<String> reported = StreamPrelude.upstreamError(upstream.format(), event);
            if (reported.isPresent()) {
                attempt.cutShort("stream_error");
                throw new UpstreamFailure(UpstreamFailure.Kind.INTERRUPTED_STREAM, provider,
                        "Provider '" + provider + "' reported an error in the middle of the answer: "
                                + Redaction.message(reported.get(), attempt.deployment().provider()), null);
            }
            JsonNode data = Json.readEventData(upstream.format(), event);
            attempt.usage().fromEvent(upstream.format(), event, data);
            attempt.output().fromEvent(upstream.format(), event, data);
            for (SseEvent e : outgoing(upstream, event, data)) {
                emitScreened(exchange, attempt, e, client, screening);
            }
        }
        for (SseEvent e : upstream.translator().finish()) {
            emitScreened(exchange, attempt, e, client, screening);
        }
        if (!client.finished()) {
            throw new UpstreamFailure(UpstreamFailure.Kind.INTERRUPTED_STREAM, provider,
                    "Provider '" + provider + "' ended the stream before it was complete", null);
        }
        exchange.attempts().succeeded(attempt.timeToFirstEvent());
    }

    /**
     * After the client hung up: reads on, for at most the drain window, until the provider's usage report arrives,
     * so the record carries the provider's figures; without it, what was read is counted instead.
     */
    private void drain(SseReader reader, StreamWatchdog.Watch watch, AttemptRun attempt, Upstream upstream) {
        if (drainWindow.isZero() || drainWindow.isNegative() || attempt.usage().complete()) {
            return;
        }
        watch.deadline(drainWindow);
        try {
            SseEvent event;
            while (!attempt.usage().complete() && (event = reader.next()) != null) {
                watch.progress();
                JsonNode data = Json.readEventData(upstream.format(), event);
                attempt.usage().fromEvent(upstream.format(), event, data);
                attempt.output().fromEvent(upstream.format(), event, data);
            }
        } catch (IOException | RuntimeException e) {
            // closed at the deadline, or the provider broke off too: what was read is what is charged
            log.debug("Stopped reading an abandoned stream: {}", e.getMessage());
        }
    }

    private static String cutShortReason(UpstreamFailure failure) {
        return switch (failure.kind()) {
            case TIMEOUT -> "stream_timeout";
            case CANCELLED -> "cancelled";
            default -> "provider_broke_off";
        };
    }

    private static SseEvent next(SseReader reader, StreamWatchdog.Watch watch, AttemptRun attempt,
            dev.aurelis.gateway.GatewaySettings settings) {
        watch.awaiting(); // from here on, and only until the next event, the time is the provider's
        try {
            return reader.next();
        } catch (IOException e) {
            String provider = attempt.deployment().provider().name();
            Duration timeout = attempt.deployment().provider().timeout();
            String expired = watch.progressed()
                    ? "Provider '" + provider + "' stopped sending for " + timeout.toSeconds() + " s in the middle of the answer"
                    : "Provider '" + provider + "' sent no event within " + settings.firstByteTimeout(timeout).toSeconds()
                            + " s (gateway.first_byte_timeout)";
            if (e instanceof java.io.InterruptedIOException && !watch.expired()) {
                // our own thread was stopped while it waited: not the provider's doing
                throw new UpstreamFailure(UpstreamFailure.Kind.CANCELLED, provider,
                        "Reading the answer of provider '" + provider + "' was cancelled", e);
            }
            throw new UpstreamFailure(watch.expired() ? UpstreamFailure.Kind.TIMEOUT : UpstreamFailure.Kind.INTERRUPTED_STREAM,
                    provider, watch.expired() ? expired : "Provider '" + provider + "' broke off the answer", e);
        }
    }

    /** The client's events for one upstream event: translated, relayed as they are, or without the usage chunk. */
    private static List<SseEvent> outgoing(Upstream upstream, SseEvent event, JsonNode data) {
        if (!upstream.identity()) {
            return upstream.translator().onEvent(event);
        }
        if (upstream.stripUsage() && data != null && data.has("usage") && !data.path("usage").isNull()) {
            return withoutUsage((ObjectNode) data);
        }
        return List.of(event);
    }

    private static List<SseEvent> withoutUsage(ObjectNode chunk) {
        JsonNode choices = chunk.get("choices");
        if (choices == null || (choices.isArray() && choices.isEmpty())) {
            return List.of();
        }
        chunk.remove("usage");
        return List.of(SseEvent.data(Json.string(chunk)));
    }

    /** Writes a client event, through the privacy screening of the answer when the exchange has one. */
    private void emitScreened(Exchange exchange, AttemptRun attempt, SseEvent event, ClientStream client,
            AnswerScreening screening) {
        if (screening == null) {
            emit(exchange, attempt, event, client);
            return;
        }
        for (SseEvent screened : screening.event(event)) {
            emit(exchange, attempt, screened, client);
        }
    }

    /**
     * Writes one client event: an opening event is held back until the first token (or for at most
     * {@link #PRELUDE_HOLD_NANOS}); the final event only after the usage record is committed.
     */
    private void emit(Exchange exchange, AttemptRun attempt, SseEvent event, ClientStream client) {
        WireFormat format = exchange.arrival().format();
        boolean last = isFinal(format, event);
        if (!client.started() && !last && StreamPrelude.holdsBack(format, event)
                && System.nanoTime() - attempt.startNanos() < PRELUDE_HOLD_NANOS) {
            client.hold(event);
            return;
        }
        if (last) {
            settlement.beforeAnswer(exchange, 200, null);
            content.answered(exchange, attempt, null); // a stream's answer is not held whole, so not kept
            client.finish();
        }
        if (attempt.firstEventNanos() == 0) {
            // the client gets its first event: no other attempt can follow, so the parsed request can go (ADR 0083)
            exchange.answerStarted(attempt, content.keepsRequest(exchange));
        }
        attempt.firstEventSent();
        client.write(event);
    }

    private static boolean isFinal(WireFormat format, SseEvent event) {
        return switch (format) {
            case ANTHROPIC_MESSAGES -> "message_stop".equals(event.event());
            case OPENAI_RESPONSES -> "response.completed".equals(event.event()) || "response.incomplete".equals(event.event())
                    || "response.failed".equals(event.event());
            default -> event.isDone();
        };
    }

    /** Ends a stream that already started with an error event (and OpenAI's {@code [DONE]}) in the client's format. */
    private static void endWithError(WireFormat format, GatewayError error, ClientStream client) {
        client.writeQuietly(ErrorBodies.streamEvent(format, error));
        if (!format.isAnthropic() && format != WireFormat.OPENAI_RESPONSES) {
            client.writeQuietly(SseEvent.data("[DONE]"));
        }
    }
}
