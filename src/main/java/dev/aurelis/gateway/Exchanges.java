package dev.aurelis.gateway;

import dev.aurelis.access.Permission;
import dev.aurelis.identity.Caller;
import dev.aurelis.providers.Deployment;
import dev.aurelis.providers.SseEvent;
import dev.aurelis.providers.SseReader;
import dev.aurelis.providers.StreamTranslator;
import dev.aurelis.providers.Translation;
import dev.aurelis.providers.UpstreamClient;
import dev.aurelis.providers.UpstreamFailure;
import dev.aurelis.providers.UpstreamOperation;
import dev.aurelis.providers.WireFormat;
import dev.aurelis.providers.translation.Translations;
import dev.aurelis.providers.translation.UnsupportedTranslationException;
import dev.aurelis.routing.Attempt;
import dev.aurelis.routing.AttemptFailure;
import dev.aurelis.routing.Attempts;
import dev.aurelis.routing.DetectedTask;
import dev.aurelis.routing.NoRoute;
import dev.aurelis.routing.RouteRequest;
import dev.aurelis.routing.RoutePlan;
import dev.aurelis.routing.Router;
import dev.aurelis.routing.TaskDetection;
import dev.aurelis.spend.Price;
import dev.aurelis.spend.Prices;
import dev.aurelis.spend.Reservation;
import dev.aurelis.spend.TokenUsage;
import dev.aurelis.spend.UsageLedger;
import dev.aurelis.spend.UsageRecord;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The exchange pipeline (the hot path), read top to bottom: identify the caller from memory, parse and check
 * the request, detect the task once, check access (including that task's permission), plan the route, then attempt
 * deployments along the plan (translate, call the provider, relay the answer, streams event by event) until one
 * answers, and record usage in the ledger before the client receives the last byte. An attempt is retried or failed over only while the client
 * has received nothing of it; every attempt that was made is in the ledger.
 */
@Component
class Exchanges {

    private static final Logger log = LoggerFactory.getLogger(Exchanges.class);

    /** Explains on every routed answer how its model was chosen and what was tried. */
    static final String ROUTE_HEADER = "x-aurelis-route";
    /** A client may require that only on-premise providers see its request. */
    static final String ON_PREMISE_HEADER = "x-aurelis-on-premise";
    /** Longest a stream's opening events are held back waiting for the first token before they are sent anyway. */
    private static final long PRELUDE_HOLD_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final GatewayAuthentication authentication;
    private final Router router;
    private final UpstreamClient upstream;
    private final UsageLedger ledger;
    private final Prices prices;
    private final GatewaySettings settings;
    private final GatewayMetrics metrics;
    private final StreamWatchdog watchdog;
    private final SpendGate spend;

    Exchanges(GatewayAuthentication authentication, Router router, UpstreamClient upstream, UsageLedger ledger, Prices prices,
            GatewaySettings settings, GatewayMetrics metrics, StreamWatchdog watchdog, SpendGate spend) {
        this.authentication = authentication;
        this.router = router;
        this.upstream = upstream;
        this.ledger = ledger;
        this.prices = prices;
        this.settings = settings;
        this.metrics = metrics;
        this.watchdog = watchdog;
        this.spend = spend;
    }

    /** Handles one exchange; every outcome is an answer in the client's wire format. */
    void handle(WireFormat format, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Exchange exchange = new Exchange(format, request);
        response.setHeader("x-aurelis-request-id", exchange.requestId);
        try {
            exchange.caller = authentication.authenticate(request);
            exchange.rawBody = readBody(request, settings);
            ObjectNode body = Json.readObject(exchange.rawBody);
            run(exchange, body, response);
        } catch (GatewayError error) {
            fail(exchange, response, error);
        } catch (UpstreamFailure failure) {
            fail(exchange, response, upstreamError(failure));
        } catch (RuntimeException unexpected) {
            log.error("Exchange {} failed", exchange.requestId, unexpected);
            fail(exchange, response, new GatewayError(GatewayError.Kind.INTERNAL,
                    "Aurelis failed to handle the request (request " + exchange.requestId + "); the log has the details."));
        } finally {
            // spend: an exchange that ended without a usage record gives its reservation back
            spend.release(exchange.reservation);
        }
    }

    private void run(Exchange exchange, ObjectNode body, HttpServletResponse response) throws IOException {
        exchange.modelRequested = requiredModel(body);
        exchange.streamed = streamFlag(body);
        validateShape(exchange.format, body);
        Caller caller = exchange.caller;
        if (!caller.has(Permission.MODELS_USE)) {
            throw new GatewayError(GatewayError.Kind.PERMISSION,
                    "Your roles do not grant 'models:use'; ask an administrator for access.");
        }

        // spend: a request without an output cap gets gateway.default_max_tokens, sent upstream as reserved
        if (SpendGate.applyDefaultOutputCap(exchange.format, body, settings.defaultMaxTokens())) {
            exchange.rawBody = Json.bytes(body);
        }
        // routing: the task, an ordered plan of deployments, then attempts along it until one answers
        exchange.task = detectTask(exchange, body);
        // access: the permission of that same task (code_generation's when none is named or recognised)
        TaskPermission.require(caller, exchange.task);
        RoutePlan plan = plan(exchange);
        try (Attempts attempts = router.attempts(plan)) {
            exchange.attempts = attempts;
            Attempt attempt = firstAttempt(exchange);
            while (attempt != null) {
                exchange.begin(attempt);
                // spend: reserve this attempt's maximum cost against budgets and rate limits; a downgrade policy
                // may serve a cheaper model instead. The attempt's record settles it (toLedger).
                SpendGate.Admitted admitted = spend.reserve(caller, exchange.format, body, exchange.deployment,
                        exchange.requestId, exchange.projectOf(), response);
                exchange.reservation = admitted.reservation();
                exchange.deployment = admitted.deployment();
                FailedAttempt failed = attempt(exchange, body, response);
                if (failed == null) {
                    return; // the client has its answer
                }
                exchange.attemptEndNanos = System.nanoTime();
                attempt = attempts.next(failed.failure()); // the same deployment after a backoff, or the next one
                if (attempt == null) {
                    answerWithFailure(exchange, failed, response);
                } else {
                    toLedger(exchange, exchange.record(failed.recordedStatus(), failed.errorType(), prices, true));
                    exchange.recorded = true; // this attempt's record; begin() opens the next one's
                }
            }
        }
    }

    /** One call to the attempt's deployment: null once the client has its answer, else why it has none yet. */
    private FailedAttempt attempt(Exchange exchange, ObjectNode body, HttpServletResponse response) throws IOException {
        Deployment deployment = exchange.deployment;
        WireFormat providerFormat = providerFormatFor(exchange.format, deployment);
        Translation translation;
        try {
            translation = Translations.between(exchange.format, providerFormat);
        } catch (UnsupportedTranslationException e) {
            throw GatewayError.invalid("The model '" + deployment.model() + "' is served by a provider that speaks "
                    + describe(providerFormat) + ", which cannot serve " + describe(exchange.format) + " requests.", "model");
        }
        boolean identity = exchange.format == providerFormat;
        boolean clientWantsUsage = body.path("stream_options").path("include_usage").asBoolean(false);
        byte[] upstreamBody = upstreamBody(exchange, body, translation, providerFormat, identity);

        UpstreamOperation operation = UpstreamOperation.serving(exchange.format, providerFormat);
        URI uri = upstream.endpoint(deployment.provider(), operation, deployment.providerModelId(), exchange.query);
        HttpResponse<InputStream> answer;
        try {
            answer = upstream.send(deployment.provider(), uri, exchange.headers, upstreamBody,
                    deployment.provider().timeout());
        } catch (UpstreamFailure failure) {
            return FailedAttempt.of(failure);
        }
        exchange.upstreamStatus = answer.statusCode();
        if (answer.statusCode() >= 400) {
            return FailedAttempt.answered(answer, identity);
        }
        if (exchange.streamed && isEventStream(answer)) {
            return stream(exchange, body, translation, providerFormat, identity, clientWantsUsage, answer, response);
        }
        return complete(exchange, body, translation, providerFormat, identity, answer, response);
    }

    private static DetectedTask detectTask(Exchange exchange, ObjectNode body) {
        try {
            return TaskDetection.detect(exchange.format, body, exchange.headers);
        } catch (IllegalArgumentException e) {
            throw GatewayError.invalid(e.getMessage(), null);
        }
    }

    private RoutePlan plan(Exchange exchange) {
        try {
            return router.plan(new RouteRequest(exchange.modelRequested, exchange.task, exchange.format,
                    exchange.caller::mayUseModel, exchange.onPremiseOnly));
        } catch (NoRoute refused) {
            throw refusal(exchange, refused);
        }
    }

    private Attempt firstAttempt(Exchange exchange) {
        try {
            return exchange.attempts.first();
        } catch (NoRoute refused) {
            throw refusal(exchange, refused);
        }
    }

    private GatewayError refusal(Exchange exchange, NoRoute refused) {
        boolean named = !exchange.modelRequested.equalsIgnoreCase(router.settings().autoModel());
        return switch (refused.reason()) {
            case UNKNOWN_MODEL -> new GatewayError(GatewayError.Kind.NOT_FOUND, 404, refused.getMessage(),
                    "model_not_found", "model");
            case NOT_ALLOWED -> new GatewayError(GatewayError.Kind.PERMISSION, 403, named
                    ? "Team '" + exchange.caller.team() + "' may not use the model '" + exchange.modelRequested + "'."
                    : refused.getMessage(), "model_not_allowed", "model");
            case RESIDENCY -> new GatewayError(GatewayError.Kind.PERMISSION, 403, refused.getMessage(),
                    "data_residency", "model");
            case UNSERVABLE -> GatewayError.invalid(refused.getMessage(), "model");
            case UNAVAILABLE -> new GatewayError(GatewayError.Kind.UNAVAILABLE, 503, refused.getMessage(),
                    "deployments_unavailable", null).retryAfter(refused.retryAfter());
        };
    }

    private byte[] upstreamBody(Exchange exchange, ObjectNode body, Translation translation, WireFormat providerFormat,
            boolean identity) {
        boolean needsUsage = exchange.streamed && (providerFormat == WireFormat.OPENAI_CHAT
                || providerFormat == WireFormat.OPENAI_COMPLETIONS);
        boolean sameModelId = exchange.deployment.providerModelId().equals(exchange.modelRequested);
        boolean usageAlreadyAsked = body.path("stream_options").path("include_usage").asBoolean(false);
        boolean taskInMetadata = exchange.task.source() == DetectedTask.Source.METADATA;
        if (identity && sameModelId && !taskInMetadata && (!needsUsage || usageAlreadyAsked)) {
            // Nothing to change: forward the client's bytes untouched.
            return exchange.rawBody;
        }
        ObjectNode outgoing = identity ? body.deepCopy() : translation.request(body.deepCopy());
        outgoing.put("model", exchange.deployment.providerModelId());
        if (taskInMetadata && outgoing.get("metadata") instanceof ObjectNode metadata) {
            metadata.remove(TaskDetection.METADATA_KEY); // ours; Anthropic refuses unknown metadata keys
        }
        if (needsUsage) {
            JsonNode options = outgoing.get("stream_options");
            ObjectNode streamOptions = options instanceof ObjectNode o ? o : outgoing.putObject("stream_options");
            streamOptions.put("include_usage", true);
        }
        return Json.bytes(outgoing);
    }

    private FailedAttempt complete(Exchange exchange, ObjectNode clientBody, Translation translation, WireFormat providerFormat,
            boolean identity, HttpResponse<InputStream> answer, HttpServletResponse response) throws IOException {
        byte[] raw;
        try (InputStream in = answer.body()) {
            raw = in.readAllBytes();
        } catch (IOException e) {
            return FailedAttempt.of(new UpstreamFailure(UpstreamFailure.Kind.INTERRUPTED_STREAM, exchange.deployment.provider().name(),
                    "Provider '" + exchange.deployment.provider().name() + "' closed the connection before the answer was complete", e));
        }
        ObjectNode upstreamJson;
        try {
            upstreamJson = Json.readObject(raw);
        } catch (GatewayError e) {
            return FailedAttempt.badResponse(new GatewayError(GatewayError.Kind.UPSTREAM, "Provider '"
                    + exchange.deployment.provider().name() + "' answered with a body that is not a JSON object."));
        }
        exchange.usage.fromResponse(providerFormat, upstreamJson);
        exchange.attempts.succeeded(exchange.sinceAttemptStart());
        byte[] out = identity ? raw : Json.bytes(translation.response(upstreamJson, clientBody));
        UsageRecord record = exchange.record(200, null, prices);
        awaitCommit(record, exchange);
        response.setStatus(200);
        response.setHeader(ROUTE_HEADER, exchange.attempts.route());
        response.setContentType("application/json");
        response.setContentLength(out.length);
        response.getOutputStream().write(out);
        return null;
    }

    /**
     * Relays a stream event by event. Its opening events are held back until the first token (see
     * {@link StreamPrelude}): a failure before it leaves the client with nothing, so another attempt may serve it;
     * a failure after it ends the stream with an error event in the client's format.
     */
    private FailedAttempt stream(Exchange exchange, ObjectNode clientBody, Translation translation, WireFormat providerFormat,
            boolean identity, boolean clientWantsUsage, HttpResponse<InputStream> answer, HttpServletResponse response)
            throws IOException {
        ClientStream client = new ClientStream(exchange, response);
        StreamTranslator translator = translation.stream(clientBody);
        boolean stripUsage = identity && !clientWantsUsage
                && (providerFormat == WireFormat.OPENAI_CHAT || providerFormat == WireFormat.OPENAI_COMPLETIONS);
        String provider = exchange.deployment.provider().name();
        InputStream body = answer.body();
        try (SseReader reader = new SseReader(body);
                StreamWatchdog.Watch watch = watchdog.watch(body, exchange.deployment.provider().timeout())) {
            SseEvent event;
            while (true) {
                try {
                    event = reader.next();
                } catch (IOException e) {
                    throw new UpstreamFailure(watch.expired() ? UpstreamFailure.Kind.TIMEOUT : UpstreamFailure.Kind.INTERRUPTED_STREAM,
                            provider, watch.expired()
                                    ? "Provider '" + provider + "' stopped sending for "
                                            + exchange.deployment.provider().timeout().toSeconds() + " s in the middle of the answer"
                                    : "Provider '" + provider + "' broke off the answer", e);
                }
                if (event == null) {
                    break;
                }
                watch.progress();
                Optional<String> reported = StreamPrelude.upstreamError(providerFormat, event);
                if (reported.isPresent()) {
                    throw new UpstreamFailure(UpstreamFailure.Kind.INTERRUPTED_STREAM, provider,
                            "Provider '" + provider + "' reported an error in the middle of the answer: " + reported.get(), null);
                }
                JsonNode data = Json.readEventData(providerFormat, event);
                exchange.usage.fromEvent(providerFormat, event, data);
                List<SseEvent> outgoing;
                if (!identity) {
                    outgoing = translator.onEvent(event);
                } else if (stripUsage && data != null && data.has("usage") && !data.path("usage").isNull()) {
                    outgoing = withoutUsage((ObjectNode) data);
                } else {
                    outgoing = List.of(event);
                }
                for (SseEvent e : outgoing) {
                    emit(exchange, e, client);
                }
            }
            for (SseEvent e : translator.finish()) {
                emit(exchange, e, client);
            }
            if (!client.finished) {
                throw new UpstreamFailure(UpstreamFailure.Kind.INTERRUPTED_STREAM, provider,
                        "Provider '" + provider + "' ended the stream before it was complete", null);
            }
            exchange.attempts.succeeded(exchange.timeToFirstEvent());
        } catch (UpstreamFailure failure) {
            if (client.finished) {
                // the answer was complete; what the provider did after its last event changes nothing
                exchange.attempts.succeeded(exchange.timeToFirstEvent());
            } else if (!client.started()) {
                return FailedAttempt.brokenStream(failure);
            } else {
                exchange.attempts.failedAfterAnswerStarted(AttemptFailure.of(failure));
                GatewayError error = upstreamError(failure);
                UsageRecord record = exchange.record(error.status(), streamErrorType(failure.kind()), prices);
                awaitCommit(record, exchange);
                client.writeQuietly(ErrorBodies.streamEvent(exchange.format, error));
                if (!exchange.format.isAnthropic() && exchange.format != WireFormat.OPENAI_RESPONSES) {
                    client.writeQuietly(SseEvent.data("[DONE]"));
                }
            }
        } catch (ClientGone gone) {
            // The client hung up: stop reading upstream (closing the body aborts it) and keep what was used.
            UsageRecord record = exchange.record(499, "client_closed", prices);
            awaitCommit(record, exchange);
        } catch (GatewayError error) {
            throw error;
        } catch (RuntimeException unexpected) {
            // A defect must still end the stream properly and leave the attempt in the ledger (once).
            if (!client.started()) {
                throw unexpected; // nothing sent yet: handle() answers it as a plain error in the client's format
            }
            log.error("Exchange {} failed while streaming", exchange.requestId, unexpected);
            if (!client.finished) {
                awaitCommit(exchange.record(500, "internal_error", prices), exchange);
                client.writeQuietly(ErrorBodies.streamEvent(exchange.format, new GatewayError(GatewayError.Kind.INTERNAL,
                        "Aurelis failed while relaying the answer (request " + exchange.requestId + ").")));
                if (!exchange.format.isAnthropic() && exchange.format != WireFormat.OPENAI_RESPONSES) {
                    client.writeQuietly(SseEvent.data("[DONE]"));
                }
            }
        }
        return null;
    }

    private static String streamErrorType(UpstreamFailure.Kind kind) {
        return switch (kind) {
            case TIMEOUT -> "stream_timeout";
            case INTERRUPTED_STREAM -> "stream_interrupted";
            case CONNECT -> "stream_connect_failed";
            case IO -> "stream_failed";
        };
    }

    private static List<SseEvent> withoutUsage(ObjectNode chunk) {
        JsonNode choices = chunk.get("choices");
        if (choices == null || (choices.isArray() && choices.isEmpty())) {
            return List.of();
        }
        chunk.remove("usage");
        return List.of(SseEvent.data(Json.string(chunk)));
    }

    /**
     * Writes one client event: an opening event is held back until the first token (or for at most
     * {@link #PRELUDE_HOLD_NANOS}); the final event only after the usage record is committed.
     */
    private void emit(Exchange exchange, SseEvent event, ClientStream client) {
        boolean last = isFinal(exchange.format, event);
        if (!client.started() && !last && StreamPrelude.holdsBack(exchange.format, event)
                && System.nanoTime() - exchange.attemptStartNanos < PRELUDE_HOLD_NANOS) {
            client.held.add(event);
            return;
        }
        if (last) {
            UsageRecord record = exchange.record(200, null, prices);
            awaitCommit(record, exchange);
            client.finished = true;
        }
        if (exchange.firstEventNanos == 0) {
            exchange.firstEventNanos = System.nanoTime();
        }
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

    /** No attempt is left: the client gets the last provider's error, or the last failure, in its own format. */
    private void answerWithFailure(Exchange exchange, FailedAttempt failed, HttpServletResponse response) throws IOException {
        if (failed.status() > 0) {
            relayUpstreamError(exchange, failed, response);
        } else {
            fail(exchange, response, failed.error());
        }
    }

    private void relayUpstreamError(Exchange exchange, FailedAttempt failed, HttpServletResponse response) throws IOException {
        byte[] raw = failed.errorBody();
        int status = failed.status();
        String message = Json.errorMessage(raw).orElse("Provider '" + exchange.deployment.provider().name()
                + "' answered HTTP " + status + ".");
        UsageRecord record = exchange.record(status, "upstream_" + status, prices);
        exchange.recorded = true;
        awaitDurable(exchange, record);
        metrics.exchangeCompleted(record, exchange.operation());
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader(ROUTE_HEADER, exchange.attempts.route());
        if (failed.retryAfter() != null) {
            response.setHeader("retry-after", failed.retryAfter());
        }
        // A provider refusing Aurelis's own credentials is not the caller's fault: never relay it as a 401,
        // which clients read as "your key is wrong" (Claude Code would re-run its apiKeyHelper).
        if (failed.identity() && status != 401 && Json.isObject(raw)) {
            response.getOutputStream().write(raw);
            return;
        }
        GatewayError.Kind kind = switch (status) {
            case 400, 422 -> GatewayError.Kind.INVALID_REQUEST;
            case 401 -> GatewayError.Kind.UPSTREAM;
            case 403 -> GatewayError.Kind.PERMISSION;
            case 404 -> GatewayError.Kind.NOT_FOUND;
            case 413 -> GatewayError.Kind.TOO_LARGE;
            case 429 -> GatewayError.Kind.RATE_LIMITED;
            case 503, 529 -> GatewayError.Kind.UNAVAILABLE;
            case 504 -> GatewayError.Kind.TIMEOUT;
            default -> GatewayError.Kind.UPSTREAM;
        };
        String prefix = status == 401 ? "Provider '" + exchange.deployment.provider().name()
                + "' refused Aurelis's credentials (check its api_key): " : "";
        int clientStatus = status == 401 ? 502 : status;
        response.setStatus(clientStatus);
        response.getOutputStream().write(ErrorBodies.body(exchange.format,
                new GatewayError(kind, clientStatus, prefix + message, null, null)));
    }

    private void fail(Exchange exchange, HttpServletResponse response, GatewayError error) throws IOException {
        if (exchange.caller != null && !exchange.recorded) {
            exchange.recorded = true;
            UsageRecord record = exchange.record(error.status(), errorType(error), prices);
            awaitDurable(exchange, record);
            metrics.exchangeCompleted(record, exchange.operation());
        }
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(error.status());
        response.setContentType("application/json");
        if (exchange.attempts != null) {
            response.setHeader(ROUTE_HEADER, exchange.attempts.route());
        } else if (exchange.task != null) {
            response.setHeader(ROUTE_HEADER, Attempts.refused(exchange.task, exchange.modelRequested, errorType(error)));
        }
        if (error.retryAfter() != null) {
            response.setHeader("retry-after", Long.toString(Math.max(1, (error.retryAfter().toMillis() + 999) / 1000)));
        }
        if (error.kind() == GatewayError.Kind.AUTHENTICATION && exchange.format.isAnthropic()) {
            response.setHeader("www-authenticate", "x-api-key");
        } else if (error.kind() == GatewayError.Kind.AUTHENTICATION) {
            response.setHeader("www-authenticate", "Bearer");
        }
        response.getOutputStream().write(ErrorBodies.body(exchange.format, error));
    }

    private static String errorType(GatewayError error) {
        return error.code() != null ? error.code() : error.kind().name().toLowerCase();
    }

    private void awaitCommit(UsageRecord record, Exchange exchange) {
        if (exchange.recorded) {
            return;
        }
        exchange.recorded = true;
        metrics.exchangeCompleted(record, exchange.operation());
        try {
            toLedger(exchange, record).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayError(GatewayError.Kind.INTERNAL, "Interrupted while recording usage.");
        } catch (Exception e) {
            log.error("Usage record {} could not be made durable", record.requestId(), e);
            throw new GatewayError(GatewayError.Kind.UNAVAILABLE,
                    "The usage ledger is unavailable, so the answer cannot be released. Try again shortly.");
        }
    }

    /**
     * Records a refused or failed exchange before its error is answered, so whoever looks right after the answer
     * finds it; a ledger that cannot take it in time does not hold the error answer back (the writer spills it).
     */
    private void awaitDurable(Exchange exchange, UsageRecord record) {
        try {
            toLedger(exchange, record).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Usage record {} of a failed exchange is not durable yet: {}", record.requestId(), e.getMessage());
        }
    }

    /** spend: settles the reservation to the record's cost (the record is the truth), then queues the record. */
    private CompletableFuture<Void> toLedger(Exchange exchange, UsageRecord record) {
        spend.settle(exchange.reservation, record);
        return ledger.record(record);
    }

    static byte[] readBody(HttpServletRequest request, GatewaySettings settings) throws IOException {
        long max = settings.maxBodyBytes();
        long declared = request.getContentLengthLong();
        if (declared > max) {
            throw new GatewayError(GatewayError.Kind.TOO_LARGE, 413, "The request body is " + declared
                    + " bytes; the limit is " + max + " bytes (gateway.max_body_size).", "request_too_large", null);
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (body.length > max) {
            throw new GatewayError(GatewayError.Kind.TOO_LARGE, 413, "The request body exceeds the limit of " + max
                    + " bytes (gateway.max_body_size).", "request_too_large", null);
        }
        if (body.length == 0) {
            throw GatewayError.invalid("The request body is empty; send a JSON object.", null);
        }
        return body;
    }

    static String requiredModel(ObjectNode body) {
        JsonNode model = body.get("model");
        if (model == null || model.isNull()) {
            throw GatewayError.invalid("The 'model' field is required.", "model");
        }
        if (!model.isString() || model.asString().isBlank()) {
            throw GatewayError.invalid("The 'model' field must be a non-empty string.", "model");
        }
        return model.asString();
    }

    private static boolean streamFlag(ObjectNode body) {
        JsonNode stream = body.get("stream");
        if (stream == null || stream.isNull()) {
            return false;
        }
        if (!stream.isBoolean()) {
            throw GatewayError.invalid("The 'stream' field must be a boolean.", "stream");
        }
        return stream.asBoolean();
    }

    /** Type checks that catch malformed requests before they cost a provider round trip. */
    private static void validateShape(WireFormat format, ObjectNode body) {
        switch (format) {
            case OPENAI_CHAT -> requireArray(body, "messages", true);
            case ANTHROPIC_MESSAGES -> {
                requireArray(body, "messages", true);
                JsonNode maxTokens = body.get("max_tokens");
                if (maxTokens == null || !maxTokens.isIntegralNumber() || maxTokens.asLong() < 1) {
                    throw GatewayError.invalid("'max_tokens' is required and must be a positive integer.", "max_tokens");
                }
            }
            case OPENAI_COMPLETIONS -> {
                JsonNode prompt = body.get("prompt");
                if (prompt != null && !(prompt.isString() || prompt.isArray())) {
                    throw GatewayError.invalid("'prompt' must be a string or an array.", "prompt");
                }
                JsonNode suffix = body.get("suffix");
                if (suffix != null && !suffix.isNull() && !suffix.isString()) {
                    throw GatewayError.invalid("'suffix' must be a string.", "suffix");
                }
            }
            case OPENAI_EMBEDDINGS -> {
                JsonNode input = body.get("input");
                if (input == null || !(input.isString() || input.isArray())) {
                    throw GatewayError.invalid("'input' is required and must be a string or an array.", "input");
                }
            }
            case OPENAI_RESPONSES -> {
                JsonNode input = body.get("input");
                if (input != null && !(input.isString() || input.isArray())) {
                    throw GatewayError.invalid("'input' must be a string or an array of input items.", "input");
                }
            }
        }
        JsonNode maxTokens = body.get("max_tokens");
        if (maxTokens != null && !maxTokens.isNull() && !maxTokens.isIntegralNumber()) {
            throw GatewayError.invalid("'max_tokens' must be an integer.", "max_tokens");
        }
        JsonNode temperature = body.get("temperature");
        if (temperature != null && !temperature.isNull() && !temperature.isNumber()) {
            throw GatewayError.invalid("'temperature' must be a number.", "temperature");
        }
    }

    private static void requireArray(ObjectNode body, String field, boolean nonEmpty) {
        JsonNode value = body.get(field);
        if (value == null || !value.isArray()) {
            throw GatewayError.invalid("'" + field + "' is required and must be an array.", field);
        }
        if (nonEmpty && value.isEmpty()) {
            throw GatewayError.invalid("'" + field + "' must not be empty.", field);
        }
    }

    /** The format to speak upstream: the provider's, or the Responses API where an OpenAI provider offers it. */
    static WireFormat providerFormatFor(WireFormat client, Deployment deployment) {
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

    private static boolean isEventStream(HttpResponse<InputStream> answer) {
        return answer.headers().firstValue("content-type").map(v -> v.startsWith("text/event-stream")).orElse(false);
    }

    private static GatewayError upstreamError(UpstreamFailure failure) {
        return switch (failure.kind()) {
            case TIMEOUT -> new GatewayError(GatewayError.Kind.TIMEOUT, failure.getMessage());
            case CONNECT -> new GatewayError(GatewayError.Kind.UPSTREAM, failure.getMessage() + ".");
            default -> new GatewayError(GatewayError.Kind.UPSTREAM, failure.getMessage() + ".");
        };
    }

    /**
     * An attempt that gave the client nothing: why (for the router), what the ledger records of it, and what the
     * client gets when no other attempt follows (the provider's error answer, or a gateway error).
     */
    private record FailedAttempt(AttemptFailure failure, GatewayError error, String errorType, int status,
            byte[] errorBody, String retryAfter, boolean identity) {

        static FailedAttempt of(UpstreamFailure cause) {
            GatewayError error = upstreamError(cause);
            return new FailedAttempt(AttemptFailure.of(cause), error, Exchanges.errorType(error), 0, null, null, false);
        }

        /** A stream that failed before its first token: recorded as the stream failure it was. */
        static FailedAttempt brokenStream(UpstreamFailure cause) {
            return new FailedAttempt(AttemptFailure.of(cause), upstreamError(cause), streamErrorType(cause.kind()), 0,
                    null, null, false);
        }

        static FailedAttempt badResponse(GatewayError error) {
            return new FailedAttempt(AttemptFailure.badResponse(error.getMessage()), error, Exchanges.errorType(error), 0, null,
                    null, false);
        }

        /** A provider's error answer; its body is read here (up to 1 MiB) to be relayed or classified. */
        static FailedAttempt answered(HttpResponse<InputStream> answer, boolean identity) {
            byte[] raw;
            try (InputStream in = answer.body()) {
                raw = in.readNBytes(1 << 20);
            } catch (IOException e) {
                raw = new byte[0];
            }
            int status = answer.statusCode();
            String retryAfter = answer.headers().firstValue("retry-after").orElse(null);
            String excerpt = new String(raw, 0, Math.min(raw.length, 4096), java.nio.charset.StandardCharsets.UTF_8);
            AttemptFailure failure = AttemptFailure.ofStatus(status, retryAfter,
                    answer.headers().firstValue("retry-after-ms").orElse(null), excerpt, Instant.now());
            return new FailedAttempt(failure, null, "upstream_" + status, status, raw, retryAfter, identity);
        }

        int recordedStatus() {
            return status > 0 ? status : error.status();
        }
    }

    /**
     * The client's side of a stream. The response (status, headers, then the events held back) starts with the
     * first event that carries something the model generated.
     */
    private static final class ClientStream {
        private final Exchange exchange;
        private final HttpServletResponse response;
        final List<SseEvent> held = new ArrayList<>(4);
        boolean finished;
        private OutputStream out;

        ClientStream(Exchange exchange, HttpServletResponse response) {
            this.exchange = exchange;
            this.response = response;
        }

        boolean started() {
            return out != null;
        }

        void write(SseEvent event) {
            try {
                if (out == null) {
                    start();
                }
                out.write(SseReader.encode(event));
                out.flush();
            } catch (IOException e) {
                throw new ClientGone();
            }
        }

        void writeQuietly(SseEvent event) {
            try {
                write(event);
            } catch (ClientGone ignored) {
                // the client is gone; the ledger already has the record
            }
        }

        private void start() throws IOException {
            response.setStatus(200);
            response.setContentType("text/event-stream");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("cache-control", "no-cache");
            response.setHeader("x-accel-buffering", "no");
            response.setHeader(ROUTE_HEADER, exchange.attempts.route());
            out = response.getOutputStream();
            for (SseEvent event : held) {
                out.write(SseReader.encode(event));
            }
            held.clear();
        }
    }

    /** Thrown when writing to the client fails: it closed the connection. */
    private static final class ClientGone extends RuntimeException {
        ClientGone() {
            super(null, null, false, false);
        }
    }

    /** The state of one exchange as it moves through the pipeline. */
    private static final class Exchange {
        final WireFormat format;
        final String requestId = "req_" + UUID.randomUUID().toString().replace("-", "");
        final long startNanos = System.nanoTime();
        final Instant startedAt = Instant.now();
        final Map<String, String> headers;
        final String query;
        final String clientTool;
        final boolean onPremiseOnly;
        ReportedUsage usage = new ReportedUsage();
        Caller caller;
        String modelRequested;
        boolean streamed;
        DetectedTask task;
        Attempts attempts;
        Attempt attempt;
        Deployment deployment;
        byte[] rawBody;
        int upstreamStatus;
        long attemptStartNanos;
        long attemptEndNanos;
        long firstEventNanos;
        boolean recorded;
        Reservation reservation;

        Exchange(WireFormat format, HttpServletRequest request) {
            this.format = format;
            Map<String, String> h = new HashMap<>();
            for (String name : Collections.list(request.getHeaderNames())) {
                h.put(name.toLowerCase(java.util.Locale.ROOT), request.getHeader(name));
            }
            this.headers = h;
            this.query = request.getQueryString();
            this.clientTool = ClientTool.of(h.get("user-agent"), h.get("originator"), h.get("x-stainless-lang"));
            this.onPremiseOnly = "true".equalsIgnoreCase(h.get(ON_PREMISE_HEADER));
        }

        /** Starts an attempt: its deployment, and usage counted afresh (each attempt is charged for its own). */
        void begin(Attempt next) {
            attempt = next;
            deployment = next.deployment();
            usage = new ReportedUsage();
            upstreamStatus = 0;
            attemptStartNanos = System.nanoTime();
            attemptEndNanos = 0;
            recorded = false;
        }

        Duration sinceAttemptStart() {
            return Duration.ofNanos(System.nanoTime() - attemptStartNanos);
        }

        /** The time the attempt took to its first event for the client, null if it sent none. */
        Duration timeToFirstEvent() {
            return firstEventNanos == 0 ? null : Duration.ofNanos(firstEventNanos - attemptStartNanos);
        }

        String operation() {
            return switch (format) {
                case OPENAI_EMBEDDINGS -> "embeddings";
                case OPENAI_COMPLETIONS -> "text_completion";
                default -> "chat";
            };
        }

        String endpoint() {
            return switch (format) {
                case OPENAI_CHAT -> "/v1/chat/completions";
                case OPENAI_COMPLETIONS -> "/v1/completions";
                case OPENAI_EMBEDDINGS -> "/v1/embeddings";
                case OPENAI_RESPONSES -> "/v1/responses";
                case ANTHROPIC_MESSAGES -> "/v1/messages";
            };
        }

        UsageRecord record(int status, String errorType, Prices prices) {
            return record(status, errorType, prices, false);
        }

        /** @param retried the attempt failed and another attempt of this exchange follows it */
        UsageRecord record(int status, String errorType, Prices prices, boolean retried) {
            TokenUsage tokens = usage.tokens();
            String served = deployment == null ? null : deployment.model();
            String providerModel = usage.model() != null ? usage.model() : deployment == null ? null : deployment.providerModelId();
            Optional<Price> price = deployment == null ? Optional.empty() : prices.priceOf(served, deployment.providerModelId(), providerModel);
            boolean priced = price.isPresent() || tokens.isZero();
            BigDecimal cost = price.map(p -> p.cost(tokens)).orElse(BigDecimal.ZERO);
            long now = attemptEndNanos != 0 ? attemptEndNanos : System.nanoTime();
            Integer firstToken = firstEventNanos == 0 ? null : (int) TimeUnit.NANOSECONDS.toMillis(firstEventNanos - startNanos);
            return new UsageRecord(UUID.randomUUID(), caller.tenantId().value(), startedAt, requestId, caller.userId(),
                    caller.email(), caller.keyId(), caller.team(), caller.department(), caller.costCenter(),
                    projectOf(), modelRequested, served, providerModel,
                    deployment == null ? null : deployment.provider().name(), endpoint(), clientTool, streamed, tokens,
                    cost, "USD", priced, status, errorType, (int) TimeUnit.NANOSECONDS.toMillis(now - startNanos), firstToken,
                    task == null ? null : task.task().configName(), attempts == null ? null : attempts.route(),
                    attempt == null ? 1 : attempt.number(), retried);
        }

        private String projectOf() {
            if (caller.project() != null) {
                return caller.project();
            }
            String header = headers.get("x-aurelis-project");
            return header == null || header.isBlank() ? null : header.strip();
        }
    }
}
